"""Career Coach in the browser: `streamlit run app.py`. A thin entry; the view lives in ui/ and
all logic in coach/."""

from ui.main import main

main()
