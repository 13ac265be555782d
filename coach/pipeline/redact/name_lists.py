"""Word lists for spotting names mentioned in passing ("ask Maria", "cc Oluwaseun Adeyemi").

Written by hand for this project (no list was copied): common given names and surnames of many
origins, the names that are also ordinary words or places (they count only beside another name),
and capitalised career words (tools, firms, roles, places) that never start or extend a name.
Entries are lower case without accents; lookups fold case and accents the same way."""

from __future__ import annotations

import re
import unicodedata


def fold(word: str) -> str:
    """Lower case without accents or apostrophe variants: "Pérez" -> "perez", "O’Brien" -> "o'brien"."""
    decomposed = unicodedata.normalize("NFKD", word.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ı", "i").replace("ł", "l")


def word_set(text: str) -> frozenset[str]:
    """The folded words of a text."""
    return frozenset(fold(w) for w in text.split())


GIVEN = word_set(
    # English-speaking
    """james john robert michael william david richard joseph thomas charles christopher daniel matthew
    anthony donald steven stephen paul andrew joshua kenneth kevin brian george edward ronald
    timothy jason jeffrey ryan jacob gary nicholas eric jonathan larry justin scott brandon benjamin
    samuel gregory alexander raymond patrick dennis jerry aaron adam henry nathan douglas zachary
    peter kyle walter ethan jeremy harold keith roger noah gerald carl terry sean arthur lawrence
    jesse dylan bryan joe billy bruce albert willie gabriel logan alan wayne roy ralph randy eugene
    vincent russell elijah louis bobby philip johnny mary patricia jennifer linda elizabeth barbara
    susan jessica sarah karen nancy lisa betty margaret sandra ashley kimberly emily donna michelle
    dorothy carol amanda melissa deborah stephanie rebecca sharon laura cynthia kathleen amy shirley
    angela helen anna brenda pamela nicole emma samantha katherine catherine kathryn christine debra
    rachel carolyn janet ruth maria heather diane julie joyce olivia kelly christina lauren joan
    evelyn judith megan cheryl andrea hannah martha jacqueline frances teresa sara janice alice
    abigail judy denise marilyn beverly danielle theresa sophia marie diana brittany natalie
    isabella alexis kayla oliver harry charlie freddie alfie archie oscar theo finley isaac tom
    tommy ben sam dan dave mike chris matt steve andy bob jim tim jon josh liam lucas aidan connor
    callum declan niamh siobhan aoife ciara saoirse sinead orla roisin caoimhe eilidh morag fiona
    kirsty ailsa hamish angus fergus rory euan ewan isla amelia ava mia poppy freya evie ella chloe
    imogen harriet bethany gemma kerry stacey tracey becky katie kate lucy sophie zoe leanne kieran
    shaun darren craig gareth rhys dafydd sian megan bronwen gwen owen emrys nigel graham colin
    trevor barry clive derek malcolm martin simon stuart neil ian alistair alasdair duncan kenny
    kirk ross ewan jenny jill wendy bartholomew barnaby jasper rupert hugh giles nathaniel phoebe
    marisol xiomara mateus thu zhiyuan olusegun tina tanya sonia alison allison gillian lindsay
    lesley marjorie maureen doreen pauline yvonne brandon tyrone deshawn jamal darnell latoya keisha
    tamika shanice aaliyah imani jayden jaylen malik andre marcus terrence tremaine
    """
    # Spanish and Latin American
    """alejandro alejandra andres beatriz carlos catalina cristina diego eduardo elena emilio enrique
    esperanza esteban fernando francisco gabriela gonzalo guillermo ignacio ines isabel jaime javier
    jorge jose juan julian leticia lorena lucia luis manuel marcos mariana marta mateo miguel
    natalia nicolas pablo paula pedro rafael ramon raquel ricardo roberto rocio rodrigo ruben sergio
    sofia tomas valentina veronica alvaro agustin camila valeria daniela fernanda paola ana lourdes
    montserrat nuria inaki jordi xavier joaquin ximena florencia maximiliano santino matias facundo
    itzel yesenia yuridia araceli maricela rigoberto hector arturo armando gerardo alfredo efrain
    octavio ulises yahir brayan jhon jhonatan wilmer yeison deiby edwin dayana yuliana leidy yessica
    estefania maria-jose juan-carlos jose-luis jose-maria juan-pablo maria-luisa francisca adolfo
    alberto alfonso alicia amalia antonia aurelio benito bernardo candela cayetana cesar claudia
    claudio cristobal dario eva federico felipe gregorio gustavo hugo ivan jacinto jimena josefa
    julio leandro lidia lola lorenzo macarena manuela marcela mariano mauricio maximo mireya nerea
    noelia olga orlando patricio purificacion ramiro reinaldo remedios rosario salvador samuel
    sebastian silvia susana tatiana teodoro trinidad vicente yolanda
    """
    # French
    """amelie antoine aurelie baptiste benoit camille celine christophe clement damien elise emilie
    etienne fabien florian francois frederic gaelle guillaume helene jacques jerome julien laetitia
    lea louis margaux mathilde mathieu maxime nathalie olivier philippe quentin remi romain sandrine
    sebastien stephane sylvie thibault thierry valerie yann yves agnes anais brigitte cecile
    delphine dominique geraldine josiane manon oceane solene enzo loic gael jean-baptiste jean-luc
    jean-pierre jean-marc jean-paul marie-claire marie-france anne-marie anne-sophie marie-christine
    arnaud bastien benjamin cedric christelle corinne didier emmanuel eric fabrice florence gilles
    gregoire herve isabelle jeremie joelle jules justine karine laurent lionel ludovic marc martine
    mickael mireille muriel nadege nadine nicolas noemie pascale patrice perrine regis sylvain
    thomas timothee tristan virginie xavier yannick youssef zoe francoise genevieve jacqueline
    ghislaine berenice apolline capucine clemence colette
    """
    # German, Dutch, Nordic
    """andreas anja birgit christian dieter dirk elke florian franziska gerhard hans heike helga jan
    jens jorg jurgen karin karl katharina klaus lena lukas manfred markus martina matthias monika
    niklas petra ralf sabine sebastian stefan susanne tobias ulrich ursula uwe werner wolfgang jonas
    leon felix maximilian moritz finn emil anton johanna luisa greta frieda mila annika kerstin
    silke anke bernd detlef rainer gunter gunther dietmar volker torsten sven bjorn lars nils jannik
    jana svenja ulrike gerd konrad fritz hertha dagmar gisela hildegard ingeborg irmgard waltraud
    brigitte renate barbel jutta heidi heiko holger jochen joachim kurt lothar norbert reinhard
    rudiger siegfried thorsten wilhelm friedrich heinrich hermann helmut gustav bernhard carsten
    christoph dominik fabian henrik marcel mario patrick philipp sascha timo tim yannik jasmin
    nadine stefanie tanja vanessa carina corinna daniela doris franka gabriele hanna ines ilse
    isabell jessica katja kathrin lisa mareike melanie miriam nicole sandra sonja theresa ute verena
    yvonne erik anders johan ingrid astrid sigrid kari liv maja sanne daan bram sem jeroen pieter
    willem joost anouk femke lotte maarten koen thijs ruben sven bas niels wouter marieke esther
    ineke hendrik jurgen
    """
    # Portuguese and Brazilian
    """joao antonio paulo luiz marcelo bruno felipe gustavo guilherme thiago tiago leonardo matheus
    vinicius caio diogo rui nuno duarte goncalo afonso adriana juliana marcia patricia aline bruna
    jessica leticia julia luana larissa vanessa tatiane renata simone debora priscila luciana
    carolina isabela leonor matilde joao-pedro joao-paulo ana-paula ana-clara maria-eduarda gabriel
    rafaela fabiana cristiane sebastiao raimundo reinaldo edson wellington washington cleber
    anderson jefferson emerson everton robson rogerio sandro valdir wagner wesley heloisa lorena
    manuela yasmin thais
    """
    # Italian
    """alessandro andrea davide domenico emanuele enrico fabio federico francesco giacomo gianluca
    giorgio giovanni giuseppe luca marco massimo matteo mattia michele nicola paolo pietro raffaele
    riccardo salvatore stefano tommaso vincenzo alessandra alessia beatrice elisa federica francesca
    giada giorgia giulia ilaria martina serena silvia ginevra ludovica alberto angelo antonella
    carla cinzia daniele donatella edoardo elisabetta fabrizio filippo franca gianni giancarlo
    gianfranco gino giuliana lorenza loredana luigi luigia manuela marcello mariangela marisa
    maurizio mirko monica nadia ornella piero raffaella rita roberta rocco romina rossana sabrina
    samuele saverio sergio simona teresa tiziana ugo umberto valerio vittorio chiara noemi arianna
    camilla adele irene carlotta caterina eleonora nicolo alessio jacopo elia gabriele cristian
    vittoria bianca viola gaia greta serena claire pierre celeste stella felice
    """
    # Arabic, Turkish, Persian, Kurdish
    """ahmed ahmad mohammed mohammad muhammad mohamed mahmoud mustafa omar umar ali hassan hussein
    hussain ibrahim ismail khalid karim kareem youssef yusuf yousef tariq samir nabil rashid walid
    ziad amir hamza bilal faisal fahad abdullah abdul abdulrahman abdelkader abdallah jamal saeed
    salim khaled imran rami fatima fatma aisha ayesha aicha khadija maryam mariam zainab zaynab
    layla leila noor nour yasmin yasmine amira salma huda rania dina farah nadia samira soraya zahra
    laila mehmet emre burak cem ayse aylin elif zeynep emine merve esra busra ozlem hakan murat
    serkan volkan kemal selin ebru reza hossein mehdi parisa shirin nasrin farid dariush arash hamid
    majid nasser osama rashed sultan tarek wael yasser younes zakaria hicham mounir rachid driss
    said-ali karima naima latifa malika nadia samia souad wafa yamina hadiya hanan lina lubna mona
    rasha reem ruba sana shaima suha walaa zeina azadeh golnar mahsa maryam-sadat negin roya
    sara-nur baran berk cagri deniz-can dogan emir eren gokhan ilker kaan mert onur ozan sinan tolga
    ugur yusuf-ali gulsen hatice leyla meltem nilufer ozge sevgi tugba yesim
    """
    # South Asian
    """aarav aditya ajay akash amit anand anil anjali ankit anup arjun arun ashok deepak devendra
    dinesh ganesh gaurav harish rahul rajesh rajiv rakesh ramesh ravi rohit sachin sanjay santosh
    sandeep sanjeev sunil suresh vijay vikram vikas vivek abhishek aishwarya ananya anita anu aparna
    deepa deepika divya gita geeta kavita kavya lakshmi meena neha nisha pooja priya priyanka radha
    rani rekha ritu sangeeta sita shreya sunita swati usha anushka kiran manish naveen nikhil
    pradeep prakash pranav rohan sameer shankar siddharth srinivas venkat karthik krishna murali
    balaji arvind harpreet gurpreet jaspreet manpreet simran navjot baljit sukhwinder tanvir farhan
    rehan shabnam nasreen aditi akshay alok amitabh amrita anirudh arnav ashwin bhavna chetan
    darshan dhruv gayatri girish hemant indira ishaan jayant jyoti kunal madhu mahesh manoj meera
    mukesh naresh nandini nitin padma pallavi parth pavan prateek preeti rajendra ramya ranjit
    rashmi sapna savita shalini shilpa shobha shweta smita sneha subhash sudha sumit supriya sushil
    tanvi tarun uday varun vinay vinod yash yogesh zubair asif kamran sajid shahid tahir waqar
    zeeshan ayan aryan bilqis farzana nusrat rukhsana shamima sadia tasnim rubina mahmuda nirmala
    thilini chamari dilani kasun nuwan ruwan chaminda
    """
    # East and South-East Asian
    """wei mei ling yan jing hui xiao jun hao jie xin ying fang qiang jian yong hong chun haruto
    hiroshi takashi takeshi kenji kenta yuki yuko yumi keiko kaori haruka sakura akira satoshi
    daisuke ryo shota sota yuto hana aiko naoko tomoko hiroko akiko kazuki kaito riku min-jun ji-woo
    seo-yeon ji-hoon min-ji hyun sung-min jae-won ji-yeon hye-jin soo-jin eun-ji yeon-woo ji-hye
    seung-ho dong-hyun hoang minh thanh huong linh trang duc hung tuan quang phuong ngoc hanh thao
    xiaoming xiaoyan weiwei jianguo haoran zihan yuxuan zhiwei lijun yiming jiahui meiling ruolan
    shuang xiuying guiying yuming lihua jianhua xiaohong jingjing tingting yingying masato naoki
    shinji takumi tetsuya yusuke yoshiko michiko noriko sachiko emi mai-anh thu-trang bao khanh
    nhung loan tam vinh dat phuc somchai somsak niran siriporn wanida malee kanya arief budi dewi
    sri putri wahyu agus eko rizky nurul siti aziz farid-uddin jose-mari maricel rowena marites
    jocelyn rodel arnel
    """
    # African
    """kwame kofi kwabena kwaku yaw ama akosua abena efua adjoa oluwaseun olumide oluwadamilare tunde
    babatunde adebayo ayodele funmilayo folake yetunde chidi chinedu chidinma chiamaka emeka ikenna
    ngozi nneka obinna uche ifeoma amara adaeze temitope tolu seun femi segun bola kemi abimbola
    sipho thabo themba thandiwe nomvula lerato palesa lindiwe zanele bongani mandla lwazi kagiso
    naledi tendai tatenda chipo farai tinashe wanjiru wambui njeri kamau otieno achieng akinyi
    wanjiku baraka juma zawadi neema aminata mamadou ousmane fatou moussa ibrahima abdoulaye seydou
    aissatou mariama awa kadiatou cheikh modou sekou yaa esi kojo kayode ayo dayo chukwuemeka
    oluwafemi olamide adewale adeola bukola damilola kehinde taiwo yewande zainab-bello nkechi
    chioma ebere ngozika amaka onyinye tobenna chinonso kelechi nnamdi ugochukwu abebe tesfaye almaz
    hirut selam yonas dawit meron getachew mulugeta fikre mekdes kidist berhane thulani sibusiso
    nokuthula zodwa busisiwe nandi sizwe lungile mpho tshepo karabo refilwe boitumelo"""
    # Slavic, Baltic, Hungarian, Romanian, Greek
    """aleksandr alexandr alexei aleksei andrei andrey artem boris dmitri dmitry evgeny yevgeny igor
    ilya kirill konstantin maxim mikhail nikolai oleg pavel sergei sergey stanislav vladimir
    vladislav viktor yuri anastasia daria darya ekaterina yekaterina irina ksenia lyudmila natasha
    oksana polina svetlana tatyana yulia zoya nadezhda galina larisa bogdan dragan goran miroslav
    nenad zoran marko petar dejan vesna jelena milica ivana snezana piotr pawel tomasz krzysztof
    marcin michal lukasz jakub wojciech grzegorz agnieszka katarzyna malgorzata magdalena joanna ewa
    dorota beata aleksandra zofia jiri petr lucie tereza zuzana ondrej mykola taras oleksandr olena
    yaroslav bohdan vasyl volodymyr yulia-maria dariusz jaroslaw janusz zbigniew ryszard stanislaw
    tadeusz mariusz slawomir przemyslaw kamil bartosz mateusz szymon iwona jolanta renata urszula
    barbara halina elzbieta krystyna grazyna milos nikola stevan branko dusan vuk ljiljana mirjana
    dragana biljana tomislav zeljko ante ivica lajos laszlo zoltan gabor istvan janos ferenc attila
    zsofia zsuzsa katalin erzsebet eszter andrei-mihai ionut mihai cristian florin adrian razvan
    bogdana ioana andreea oana mihaela elena-maria giorgos georgios konstantinos dimitris nikos
    yannis eleni katerina vasilis panagiotis christos despina athanasia theodora spyros kostas
    """
    # Misc. Hebrew, Armenian, Georgian, Nordic extras
    """avi yosef moshe yael noa tamar shira eitan itai oren ronit ariel-ben levon armen anahit nino giorgi
    levan tamuna
    """
)

GIVEN |= word_set(
    # More given names of many origins, as a second list
    """abby abe adrian aidan alana alastair albert alec alex alexa alexandra alfred alicia alisha allan
    allen alma alyssa amelie amos andy angie anita annabel annabelle anne annette antoinette
    archibald ariana arianna arlene arnold ashleigh ashton audrey avery barney beatrix becca belinda
    bernadette bernie bert beth betsy beverley bianca blake blessing bonnie brad bradley brendan
    brett bridget britney brooke bryony caitlin callie calvin cameron camilla candice cara carla
    carlton caroline carrie casey cassie cath cathy cecil cecilia cedric celia chantal chantelle
    charlene charmaine chelsey cherie cheryl chester christie ciaran clarissa claudette clifford
    clint clive colleen conor cora corey courtney craig cyril damon dana danny daphne darcy darius
    darlene darryl davina debbie debby deirdre delia della delroy dermot desmond devon dexter
    dominic donal donovan dora doreen dougie duane dudley dwayne dwight edgar edith edmund edna
    eileen elaine eleanor elliot elliott ellie eloise elsie elton emmanuel enid errol esme ethel
    eugenie evan everett ezra faye felicity fenella fern finlay fletcher flora florrie francine
    freda frederick gail gavin geoffrey georgina gerald geraldine gertrude gideon gilbert gina
    glenda glenys gordon grainne greg gregor gwendolyn gwyneth harold harvey hattie hayden hazel
    heath henrietta herbert hilary hollie horace howard ida imelda irene irvine isabel isabelle
    isobel ivor jacinta jackie jake janine jared jasmine jayne jeanette jed jemima jenna jeremiah
    jermaine jess jessie jethro joanne jocelyn jodie joel joey jolene jonah josephine josie judd
    jude julian juliet justine kane kara karla kathy katrina kay keeley keira kelvin kendra kerri
    kerrie kezia kimberley kirsten kit kristen kristina kyra lacey lance latisha laurence laurie
    leah leigh len lenny leonard leroy leslie lester lillian lindsey linford lionel liz lizzie lloyd
    lois lorna lorraine lottie louisa louise lowri luke lydia lyndon lynette lynn lynne mabel
    mackenzie maddie madeleine madeline maggie maisie mandy marcia marcus margo margot marian
    marianne marion marjory marlon marsha marvin matilda maud maurice mavis maxine meghan melanie
    melvin mercy meredith merle mildred millicent milly minnie miriam misha moira molly monica
    muriel myles myra nadine naomi neville niall nicky nikki nina noreen norma norman niamh ollie
    oswald paddy paige penelope percy petra philippa piers polly precious priscilla quinn rachael
    reba reggie reginald rhiannon rhona ricky robbie rodney roland ronan ronnie rosalind rosalyn
    rosamund rosemary rosie roxanne rufus sabrina sally samson sasha selina seth shane shannon
    sheila shelley sherry sidney silas spencer stacy stan stanley stevie stewart sybil tabitha
    tamara tammy tania tara tasha ted teddy terence tess tessa thea theodore tilly toby tony tori
    tracy travis trudy una vernon vicky viv vivian vivienne wendell wilfred winifred winston xander
    yvette zara zelda bronwyn horatio isidore marguerite abril agustina ainhoa aitana aitor almudena
    amaia anabel andoni arantxa asier begona borja cayetano charo chelo ciro conchita damaris
    dayanara desiree eneko estibaliz evaristo fabiola fausto felisa fermin fidel gabino gaizka
    genaro gilberto graciela heriberto higinio hilario iker inmaculada irati itziar izaskun jairo
    jenifer jhonny josu julen koldo leire lisandro lucrecia luciano lupita maite maitane mikel
    minerva mirta moises nahia nahuel nekane nestor nicanor norberto odalys olaia oier osvaldo
    porfirio rebeca rigoberta rosalia roxana sagrario saul segundo severino silvio tadeo telmo
    teofilo unai urko valentin wenceslao xabier yanira yesica yurena zaira zurine inigo adelino
    alcides altamiro aparecida arlindo benedito cassio celso cicero claudionor cleide creusa dalva
    damiao denilson dirceu edilson edvaldo elisangela elza ernani evandro fabricio gelson genival
    gilmar gilson givaldo herminio iolanda ivone jailson jandira jeova joana joaquim josefina josue
    jurandir laercio lindalva lucineia lucimar marilene marlene moacir neide nilton odete osmar
    raimunda regiane rosangela rosemeire roseli sueli terezinha valdemar wanderley zelia zulmira
    valquiria claudio adriano amedeo annalisa antonietta assunta benedetta brunella calogero carmela
    carmelo cesare concetta corrado cosimo dino donato egidio elio enza ermanno ernesto ettore
    eugenio fiorella flavio fulvio gaetano gennaro gianmarco gianluigi gigi girolamo graziella guido
    immacolata ippolito italo lamberto letizia liliana lino loris lucio mariagrazia mariarosa marzia
    mauro melania nazzareno nello nunzia nunzio oreste orazio ottavio pasquale patrizia pierluigi
    pina pino prisca renzo rino romeo rosalba rosetta sabatino santina sebastiano settimo silvano
    tullio vanna vincenza adeline alix ambre anatole annick armelle aurelien axelle blandine brice
    carole clotilde coralie corentin cyprien edwige eloi elodie emeline enguerrand eulalie evelyne
    faustine flore gaetan gaspard gautier ghislain gisele gwenael gwendoline hortense jocelyne
    josselin juliette killian laure leonie lilou loane lucile ludivine lysiane maelle maelys
    marcelle marcellin marielle marius maryse maxence mylene odile orianne philomene raphael
    raphaelle roseline sacha segolene severine solange soline tiphaine victorine violaine wilfried
    yoann clementine annegret anneliese antje arnd benno bettina claus constanze cornelia dorte
    edeltraud eike ekkehard elfriede erwin ewald friederike gerlinde gernot gotthard gudrun
    hannelore hanno hartmut hauke hedwig heidrun henning ilka imke irmela jobst karsten katrin knut
    lieselotte malte marlies meike mechthild nele ortwin ottilie rudiger sieglinde sonke swantje
    tabea thorben tjark ulla ulf urte volkmar waltraut wiebke wolfram wiltrud gunhild wendelin aafke
    evert gerrit hanneke janneke jelle joris lieke marijke marloes mirjam niek pim rutger sietske
    stijn tjitske wietske wim birgitta dagny eira embla frida gunnar hakon halvard ingvild jonna
    kjell linnea lovisa maija mikko oskar pekka ragnar saara sanna sigrun solveig tapani terje
    tuomas veikko viggo abdi abdiaziz abdikarim abdirahman abdullahi adaobi adanna adebisi adekunle
    adenike adesina adunni afia afua akua akwasi amadou amina aminu anele anesu asha ayodeji ayomide
    bakari binta bisi boaz busayo chibuike chidera chijioke chikodi chima chinwe chisom chizoba
    chukwudi danjuma dapo dumebi ebuka efe ejike ekene ekow enitan ezinne fadekemi fiifi folasade
    folashade fola fumnanya gbenga habiba hadiza halima hauwa ifeanyi ifunanya ijeoma ikechukwu
    isioma iyabo jelani jumoke kanyinsola kelechukwu kemisola kobina kolawole kunle kwadwo kwesi
    ladi lanre mojisola mutiu nasiru nkiru nonso nuhu obiageli obioma ogechi okechukwu olabisi
    oladele olaide olanrewaju olatunde olayinka olubunmi olufemi olufunke olusola oluwakemi
    oluwatobi omolara onyeka opeyemi rotimi sade salisu shola simisola tobi tobiloba tochukwu tope
    toyin uchechi uchenna ugonna umaru usman wale yemi yinka zuri abeni akin ayinde babajide
    bamidele damola eniola ife ireti morayo oyinkansola temidayo tomiwa titilayo wuraola ajani
    asantewaa boakye darkoa dede ekua gifty kakra kukua naana serwaa yaaba akoth atieno awino chebet
    jepkoech kiplagat kipruto mumbua muthoni nafula nekesa njambi nyambura wairimu wangari wangui
    wawira kibet kiprono odongo omondi onyango ouma wafula wekesa zuberi anathi ayanda bheki buhle
    busi dumisani khanyisile lindani lindokuhle londiwe lwandle mbali mthunzi nkosinathi nolwazi
    nomsa ntombi phindile sibongile sifiso siphesihle siyabonga thandeka thando vusi xolani zinhle
    rudo chiedza kudzai munashe nyasha rumbidzai tafadzwa tinotenda vimbai tigist thulisile ahlam
    ammar anwar asma ayman basma bassam boutros dalia diyar dunya eman fadi fadila farouk ghada
    ghassan hadi haidar hala haneen hani haya hayat hiba houda ilham iman inas issa jalal jamila
    jawad kamal kawthar khalida lamia lamya loubna mahdi maha malak manal marwa marwan mazen
    mohannad munir muna nadim nader nawal nizar noura omran qasim raed rafiq rasheed rawan razan
    rida ruqayya sabah sabri safa sahar saleh salwa sameh samah sawsan shadi shatha sherif suleiman
    tala tamer thamer wassim yahya yara yazan zaid zakariya zayd zeyad zubaida ahmet alper arda asli
    aysel ayten baris berna beyza bulent canan cansu ceren cihan damla derya didem dilek ecem egemen
    ekin emel erkan ersin ertan esin fatih feride filiz gamze gizem gulay gonul hande irem kerem
    koray levent mehtap melek metin nazli nihat orhan pinar seda selim semra senol serap sibel tuba
    tuncay yagmur yasemin yavuz yeliz yunus zehra zafer afsaneh bahram behnaz behrouz farhad fariba
    farzaneh fereshteh hamed hoda kaveh keyvan ladan mandana mehrdad mina mitra mohsen morteza
    nazanin niloufar omid parvin payam pegah peyman ramin sahar shahram shiva siamak soheil sohrab
    taraneh vahid yasaman aakash aamir aarti abha abhinav adarsh adil ahana akhil akila alka amar
    amita amol anamika anant ananth anjana ankita anoop anuradha anurag anusha archana arpita asha
    ashish ashwini avinash bharat bhavesh bhavya chandan chandra charu daksh deepti devika
    dharmendra dipak dipika disha gagan geetha gopal gunjan hardik harsh harsha hemalatha himanshu
    isha ishita jagdish janaki jatin jaya jayesh jitendra kalpana kamala kamlesh kanchan karan
    kaushik keshav ketan komal kriti lalit laxmi leela madhavi mahima malini mamta manisha manju
    mayank meenakshi mohan mohini mridula nagesh namrata narayan neelam neeraj nilesh nirav nitya
    omkar pankaj parveen payal piyush poonam prabhu pramod pranali prasad prashant pratibha praveen
    prem priti puja pushpa rachana raghav raghu rajani rajat raju rakhi ramakrishna ranjana rashi
    ratna ravindra reena renu revathi rina rishi ritesh riya rupa rupesh sabitha sadhana sagar sahil
    sakshi sandhya sangita sanjana santhosh sarita saroj satish saurabh seema selvi shanti sharad
    sharmila shashi sheela shikha shivani shivam shobhana shraddha shruti shubham sonal sowmya
    sridhar srikanth subramaniam sudhir suman sumathi sunanda sundar suraj surendra surya sushma
    swapna tejas trupti tushar uma umesh urmila vaishali vandana vani varsha vasanthi veena vidya
    vijaya vikrant vimala vinita vishal vishnu yamini yogita lakshmanan afroza anika arif faria
    fatema jannatul kamrul mehedi mithila nafisa nazmul rafiqul rumana sabina shafiq shahana shakil
    sumaiya tahmina tanjila bich bingwen boon chee chia chong eng gang guang hai huan huifang jia
    jiahao jiajia jiamin jianhong jinhua jinping junhao kah kee keng kok kwan lai lihong lili lixia
    meihua mengyao minghua mingyu nan ning peiling peng qian qing qingyun rui ruoxi shan shao shu
    siew suet ting wai wanting weijie weimin wen wenjing wenjun xia xiang xiaofeng xiaohui xiaojun
    xiaoli xiaomei xiaoping xinyu xiu xue yanmei yanping yifan yihan yijun yinghua yuan yue yufei
    yuhan yulan yun yunfei yuqi zhen zhi zhihao zhiqiang ziyi ayumi chiaki chie chihiro eiko emiko
    fumiko hanako harumi hideki hikari hinata hiromi hisashi ichiro isamu junko kana kanako katsumi
    kazue kazuo kei kiyoshi koji kumiko machiko mami mariko masaki masako mayumi megumi midori
    minoru mitsuko miyuki momoko nanami natsuki noboru nobuko osamu reiko rina rumi ryota ryuji saki
    sayaka setsuko shigeru shiori shun sumiko tadashi takako takeo tomohiro toshiko tsubasa wakana
    yasuko yoko yoshiaki yoshio yui yuka yukiko yumiko bo-ra chae-won da-eun do-yoon eun-young
    ha-eun hee-jin hye-won hyo-jin hyun-woo jae-hyun ji-min ji-su jin-young jun-ho jun-young
    kyung-soo kyung-hee mi-kyung min-ho min-seo seo-jun so-yeon su-bin sun-hee tae-hyun woo-jin
    ye-jin yoo-jin young-ho bao-ngoc chau diem dung giang hang hien hieu hoa huy huyen khoa lien
    luan nga nghia nguyet nhi oanh phong quan quynh thai thang thien thinh thuy tien toan trung tung
    uyen viet xuan agung andi ayu bambang bayu cahya citra dedi desi dian dimas eka endang fajar
    farida hendra ika indah indra intan joko kartika kurniawan lestari maya nyoman putu rahmat retno
    rini rudi sinta slamet teguh wayan wati wulan yanti yudi zulkifli aminah azlan faridah haslinda
    hazwan shahrul zainal alofa aroha hemi hine kiri manaia mere moana ngaio ngaire pania rangi
    rawiri tama tamati tane wiremu losa mele ofa sione tevita vika ewelina halyna oksana-maria
    dariusz
    """
)

GIVEN |= word_set(
    # Classic European names and more West African and Slavic ones
    """aaron abigail ada adelaide adele adolf adriana agatha agnes aidan ainsley alaric alberta alby
    alden aldo alessandra alfie alfonso alistair alvin amalia ambrose amelia anastasia anders
    andreas angus annie anselm antonia antony araminta archer ariadne aristide armand arne arturo
    astrid augustin augustine aurelia aurelius averil axel barnabas basil beatrice benedict benjamin
    bernard bertha bertram bettina bjorn blaise bogdana boris boyd brigid bruno caius camille
    cassandra casimir cecily celeste celestine charles christabel christiana christoph clemens
    clement clementina colm colin cormac cornelius cosima crispin cuthbert cyrus dagmar damian
    darragh declan delphine demetrius derek desiree dietrich dimitri dominika donald dorian dorothea
    drusilla dunstan eamon eamonn edwin egon eleanora elias elise elizabeth ellen elmer eloisa
    emeric emil emilia emilio emmerich engelbert enrique ephraim erasmus eric erich erik erika
    ernestine esmeralda esther eugen eunice eustace evangeline eveline evelina fabian feargal
    ferdinand fergus fidelma finbar finn fintan florian frances francesco francis franziska
    frederica friedrich gabriela gabrielle garrett genevieve georg georgiana gerard gerhardt gertrud
    gilles giselle godfrey gottfried gregory griselda gunther gustav gustavo hadrian hannah hans-
    peter harald hedda heinrich helena helene helmut henri henrik herman hermann hieronymus hilda
    hildegard horatio hubert humphrey ignatius ilse imogen ines ingeborg ingo isadora isidor isolde
    ivo jacqueline jakob janusz jarek jarlath jean-claude jean-francois jens-peter jeronimo joachim
    jochen johann johannes jolanta jonathan josef joseph jozef judith julius justus karol kasimir
    katarina katharine katja kilian klara konstantin kornelia kristof lambert laszlo laurentiu
    leander leonhard leonid leonora leopold leopoldine levi lisbeth lorenz lothar lucian ludmila
    ludovic ludwig luisa lukas magnus malachy manfred marcel marcelina marek margareta margarete
    mariusz marlene martha martyn matthias maximilian melchior milena miroslava miroslaw mstislav
    natalya nathanael nicodemus nikolaus norbert octavia odette olaf olga oliwia ophelia ottilia
    otto-heinz pascal pauline perpetua philip piotr quentin radek radomir radoslav radoslaw rafal
    raimund ramona reinhold renate rhys richarda roderick rodrigo roisin romuald rosalie rudolf
    rupert ruprecht sabina salome sebastien seraphina siegmund silvester simone slavomir sophie
    stanislas stanislaw stefania stefanie steffen sylwia tadeusz tatjana teodor teodora thaddeus
    theobald theodor theresia thorsten tiberius timon tobias tomasz torben torsten ulrich urszula
    valentina valentine valerian vasile vaclav veronika viktoria vilma vincent vinzenz vitus
    vladimir walburga waldemar walther wenzel wilhelmina willibald witold wladyslaw wolfgang xaver
    zbigniew zdenek zdenka zofia zygmunt aisling aoibheann blathnaid cathal ciaran clodagh deaglan
    dervla donncha eabha eimear eoin fionn fionnuala grainne laoise meabh muireann niall oisin
    padraig peadar ronan ruairi seamus sean sorcha tadhg una mairead mairi catriona eilidh ruaridh
    seonaid lachlan ifeoluwa oluchi ngozi-grace chinyere chinelo chukwuma adaora amarachi ifechukwu
    oluwafunmilayo oluwaseyi oluwadamilola toluwani tolulope ayotunde adetokunbo babatunji akinwale
    oluwole olalekan olawale adebola omotola omowunmi temilade feyisayo damilare folarin olanike
    yewande kehinde-grace taiwo-grace paulina karolina dominika weronika natalia-anna martyna magda
    wiktoria zuzanna jadwiga halszka bozena danuta grazyna kazimierz leszek ryszard stanislawa
    wieslaw zdzislaw bronislaw czeslaw miroslav radovan slobodan dragoslav bratislav ljubomir
    svetozar vojislav zivko jasna mirela snjezana tanja vesela blagoj hristo stoyan todor ivaylo
    dimitar georgi lyubomir nikolay plamen rumen svetla tsvetan yordan
    """
)

SURNAMES = word_set(
    """smith johnson williams jones garcia miller davis rodriguez martinez hernandez lopez gonzalez
    wilson anderson thomas moore jackson thompson harris sanchez clark ramirez lewis robinson walker
    allen wright scott torres nguyen hill flores adams nelson mitchell perez roberts gomez phillips
    evans campbell edwards collins stewart morris rogers reed cook morgan murphy peterson cooper
    richardson cox howard ward peterson gray ramos watson kim brooks chavez wood bennett mendoza
    ruiz hughes alvarez castillo sanders patel myers jimenez sullivan russell ortiz jenkins
    gutierrez perry butler fisher henderson coleman simmons patterson jordan reynolds hamilton
    graham wallace gonzales west cole hayes bryant herrera gibson ellis stevens murray ford marshall
    owens mcdonald harrison kennedy wells alexander griffin diaz hayes myers ford hamilton o'brien
    o'connor o'neill o'sullivan murphy kelly mccarthy byrne ryan doyle walsh o'reilly fitzgerald
    gallagher donnelly quinn mcguire mckenzie mclaughlin macdonald mackenzie macleod campbell fraser
    robertson reid connor sinclair davies jones hughes llewellyn pritchard vaughan gwynn powell
    pryce fernandez gonzalez rodriguez sanchez perez martin gomez jimenez ruiz hernandez diaz moreno
    alvarez romero alonso gutierrez navarro dominguez vazquez gil ramirez serrano molina morales
    suarez ortega delgado castro ortiz marin sanz iglesias nunez medina garrido castillo santos
    lozano cano prieto mendez calvo gallego vidal herrera marquez cabrera aguilar pascual santana
    montero hidalgo gimenez ibanez ferrer duran benitez vargas arias carmona crespo soto saez
    velasco moya soler parra gallardo rojas villanueva guzman salazar mejia contreras espinoza
    figueroa sandoval carrillo valencia pacheco acosta cardenas rivas zuniga cortez munoz ochoa
    quintero beltran escobar sepulveda valenzuela arroyo castaneda echeverria goicoechea etxeberria
    zubizarreta urquijo martin bernard dubois thomas robert richard petit durand leroy moreau simon
    laurent lefebvre michel garcia david bertrand roux vincent fournier morel girard andre lefevre
    mercier dupont lambert bonnet francois martinez legrand garnier faure rousseau blanc guerin
    muller henry roussel nicolas perrin morin mathieu clement gauthier dumont lopez fontaine
    chevalier robin masson sanchez gerard nguyen boyer denis lemaire duval joly gautier roger roche
    roy noel meyer lucas meunier jean perez marchand dufour blanchard marie barbier brun dumas
    brunet schmitt leroux colin fernandez pierre renard arnaud rolland caron aubert giraud leclerc
    vidal bourgeois renaud lemoine picard gaillard philippe leclercq lacroix fabre dupuis olivier
    rodriguez da-silva hubert louis charles guillot riviere le-gall guillaume adam rey moulin
    gonzalez berger lecomte menard fleury deschamps carpentier julien benoit paris maillard marchal
    aubry vasseur le-roux renault jacquet collet prevost poirier charpentier royer huet baron dupuy
    pons paul laine carre breton remy schneider perrot guyot barre marty cousin mueller muller
    schmidt schneider fischer weber meyer wagner becker schulz hoffmann schafer koch richter klein
    wolf schroder neumann schwarz zimmermann braun kruger hofmann hartmann lange schmitt werner
    schmid krause meier lehmann schmitz schulze maier kohler herrmann konig walter mayer huber
    kaiser fuchs peters lang scholz moller weiss jung hahn schubert vogel friedrich keller gunther
    frank berger winkler roth beck lorenz baumann franke albrecht schuster simon ludwig bohm winter
    kraus martin schumacher kramer vogt stein jager otto sommer gross seidel heinrich brandt haas
    schreiber graf schulte dietrich ziegler kuhn kuhl pohl engel horn busch bergmann thomas voigt
    sauer arnold wolff pfeiffer silva santos oliveira souza sousa rodrigues ferreira alves pereira
    lima gomes costa ribeiro martins carvalho almeida lopes soares fernandes vieira barbosa rocha
    dias nascimento andrade moreira nunes marques machado mendes freitas cardoso ramos goncalves
    santana teixeira araujo pinto correia monteiro cavalcanti moura castro batista campos coelho
    azevedo magalhaes medeiros tavares figueiredo fonseca cunha miranda amaral brandao rossi russo
    ferrari esposito bianchi romano colombo ricci marino greco bruno gallo conti de-luca mancini
    costa giordano rizzo lombardi moretti barbieri fontana santoro mariani rinaldi caruso ferrara
    galli martini leone longo gentile martinelli vitale lombardo serra coppola de-santis d'angelo
    marchetti parisi villa conte ferraro ferri fabbri bianco marini grasso valentini messina sala
    de-angelis gatti pellegrini palumbo sanna farina rizzi monti cattaneo morelli amato silvestri
    mazza testa grassi pellegrino carbone giuliani benedetti barone rossetti caputo montanari guerra
    palmieri bernardi martino fiore de-rosa ferretti bellini basile riva donati piras vitali
    battaglia sartori neri costantini milani pagano ruggiero sorrentino d'amico orlando damico negri
    ivanov ivanova smirnov smirnova kuznetsov kuznetsova popov popova vasiliev petrov petrova
    sokolov mikhailov novikov fedorov morozov volkov alekseev lebedev semenov egorov pavlov kozlov
    stepanov nikolaev orlov andreev makarov nikitin zakharov zaitsev solovyov borisov yakovlev
    grigoriev romanov vorobyov sergeev frolov shevchenko kovalenko bondarenko tkachenko kravchenko
    oliynyk kovalchuk melnyk boyko moroz lysenko marchenko rudenko savchenko petrenko nowak kowalski
    kowalska wisniewski wisniewska wojcik kowalczyk kaminski kaminska lewandowski lewandowska
    zielinski szymanski wozniak dabrowski kozlowski jankowski mazur kwiatkowski krawczyk piotrowski
    grabowski nowakowski pawlowski michalski nowicki adamczyk dudek zajac wieczorek jablonski krol
    majewski olszewski jaworski novak novakova svoboda dvorak cerny prochazka kucera vesely horak
    nemec jovanovic petrovic nikolic markovic djordjevic stojanovic ilic stankovic pavlovic
    milosevic horvat kovacevic babic maric juric knezevic nagy kovacs toth szabo horvath varga kiss
    molnar nemeth farkas balogh popescu ionescu popa pop radu dumitru stan stoica gheorghe matei
    ciobanu papadopoulos papadopoulou georgiou nikolaou pappas karagiannis oikonomou vlachos yilmaz
    kaya demir sahin celik yildiz yildirim ozturk aydin ozdemir arslan dogan kilic aslan cetin kara
    koc kurt ozkan simsek polat korkmaz karaca erdogan al-farsi al-hashimi al-rashid al-sayed
    al-masri al-amin al-khatib al-haddad al-najjar al-zahrani haddad khoury nasser saleh mansour
    hamdan darwish habib khalil hassan hussein abbas aziz rahman rahim karimi hosseini ahmadi
    mohammadi rezaei moradi jafari sadeghi rahimi hashemi ghorbani benali benaissa bouzid belkacem
    mansouri haddadi cherif boukhari el-amrani el-idrissi ouali chaoui saidi tazi alaoui bennani
    berrada sharma verma gupta kumar singh patel shah mehta joshi desai iyer iyengar nair menon
    pillai reddy rao naidu chowdhury chaudhary banerjee chatterjee mukherjee bose das dutta ghosh
    sen sarkar bhattacharya mishra pandey tiwari dubey srivastava agarwal aggarwal bansal goel jain
    malhotra kapoor khanna chopra bhatia sethi arora ahuja grewal gill sandhu sidhu dhillon bajwa
    raman subramanian krishnan venkatesan natarajan ramaswamy sundaram rajan murthy hegde kulkarni
    deshpande patil pawar jadhav shinde gaikwad chauhan rathore thakur yadav khan qureshi siddiqui
    ansari sheikh hussain akhtar malik chaudhry butt mirza rahman islam hossain uddin perera
    fernando silva jayawardena wickramasinghe bandara rajapaksa wang li zhang liu chen yang huang
    zhao zhou wu xu sun zhu hu guo lin luo zheng liang xie tang han cao deng feng zeng peng xiao
    tian dong pan yuan cai jiang yu du ye cheng wei su lu ding ren shen yao jin zhong cui tan lee
    chan wong cheung leung lau ng ho yip kwok tsang kim park choi jung jeong kang cho yoon jang lim
    han oh seo shin kwon hwang ahn song yoo hong jeon ko moon son bae baek heo nam sim noh sato
    suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida yamada sasaki
    yamaguchi matsumoto inoue kimura hayashi shimizu yamazaki mori abe ikeda hashimoto yamashita
    ishikawa nakajima maeda fujita ogawa goto okada hasegawa murakami kondo ishii saito sakamoto
    endo aoki fujii nishimura fukuda ota miura fujiwara okamoto matsuda nakagawa nakano harada ono
    tamura takeuchi kaneko wada nakayama ishida ueda morita hara shibata sakai kudo yokoyama
    miyazaki miyamoto uchida takagi ando taniguchi ohno maruyama imai takada fujimoto takeda murata
    ueno sugiyama masuda sugawara hirano otsuka chiba kubo matsui iwasaki sakurai kinoshita noguchi
    nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly truong dinh lam mai
    santos reyes cruz bautista ocampo garcia mendoza aquino ramos villanueva dela-cruz de-leon
    tolentino manalo pascual dizon okafor okonkwo okeke nwosu eze obi chukwu nwachukwu onyekachi
    adeyemi adebayo ogunleye oyelaran afolabi balogun ogunbanjo oladipo olawale akinola adeleke
    bello abubakar musa yusuf ibrahim sani mensah owusu asante boateng osei agyeman appiah amoah
    darko frimpong ansah nkrumah kamau otieno odhiambo ochieng mwangi njoroge kariuki wanjiru kiprop
    kipchoge cheruiyot mutua ndlovu nkosi dlamini khumalo mokoena mahlangu zulu ngcobo molefe nel
    botha van-der-merwe pretorius diallo diop ndiaye fall sow ba sy toure traore keita coulibaly
    konate camara sylla cisse kone ouedraogo sawadogo tesfaye bekele haile girma tadesse alemu
    mekonnen kebede
    nwankwo okoro okonjo ogunbiyi olatunji ojo bakare akande ige adekunle oyelowo ogunsanya adeyemo
    addo quaye tetteh amponsah danquah abdi warsame jama abdullahi ahmadzai popal shrestha gurung
    tamang thapa adhikari karki bhandari poudel murugan selvam arumugam kannan chandran
    balasubramanian ramasamy santoso wijaya hidayat saputra setiawan kusuma pratama nugroho susanto
    gunawan tipene ngata parata tupou quispe mamani huaman condori ospina aguirre zapata cardona
    osorio restrepo montoya londono castano henao bedoya arango betancur alzate giraldo jaramillo
    trujillo padilla maldonado estrada sosa paredes espinosa salinas barrera cervantes rosales tapia
    ponce peralta fajardo benavides villalobos navarrete bustamante cisneros galindo esquivel
    gallegos robles rangel zamora solis bezerra antunes cavalcante barros lacerda guimaraes sampaio
    bastos siqueira queiroz pires neves matos valente viana aguiar farias damasceno fumagalli
    brambilla marchi mazzola cirillo bellucci napolitano calabrese pugliese perret leblanc lebrun
    besson bailly hamon tessier lacombe delmas texier blondel bouvier ferrand lemaitre langlois
    malinowski malinowska wrobel gorski sikora szewczyk tomaszewski pietrzak marciniak zalewski
    jasinski zawadzki sadowski chmielewski borkowski czarnecki sawicki sokolowski kubiak maciejewski
    szczepanski kucharski kalinowski mazurek wysocki adamski sobczak czerwinski cieslak glowacki
    sikorski krajewski gajewski szymczak baranowski laskowski brzezinski makowski przybylski
    o'shaughnessy o'donoghue o'callaghan mcmahon mcgrath mccann mcdermott
    cohen levi mizrahi peretz biton friedman katz goldberg rosenberg shapiro
    grigoryan sargsyan hovhannisyan beridze kapanadze jansen de-jong de-vries van-den-berg van-dijk
    bakker janssen visser smit meijer de-boer mulder de-groot bos vos peters hendriks van-leeuwen
    dekker brouwer de-wit dijkstra hansen johansen olsen larsen andersen pedersen nielsen
    kristiansen jensen karlsson nilsson eriksson larsson olsson persson svensson gustafsson
    pettersson jonsson lindberg lindqvist virtanen korhonen nieminen makinen hamalainen laine
    heikkinen koskinen
    """
)

# Names that are also ordinary words, places, firms or tools in one of the six languages. They
# never start a name on their own ("Will AI…", "in May", "Julia and R", "una risposta chiara"),
# only beside an unambiguous one ("Will Smith") or in an introduction ("I'm Grace").
AMBIGUOUS = word_set(
    """will may june april august grace hope faith joy rose lily daisy ruby holly iris jade amber
    summer autumn dawn eve violet heather ivy olive pearl crystal mark bill frank rob pat sue drew
    nick jack chase hunter mason carter cooper parker taylor tyler page sage dean guy king prince
    ray dale glen lane earl rich art gene max miles sterling major victor angel christian jordan
    georgia victoria florence austin paris sydney dallas lincoln chelsea madison savannah carolina
    virginia india china asia africa julia ada charlotte adelaide helena augusta regina orlando
    phoenix denver houston milan chad israel sofia petra siena lourdes alexandria dakota montana
    nevada sierra aurora kingston hamilton washington jackson wellington valencia santiago domingo
    mercedes dolores gloria clara rosa blanca alba vera luz paz sol mar pilar esperanza consuelo
    soledad amparo nieves milagros caridad luna estrella paloma perla flor violeta margarita reina
    victoria belen cruz santos angeles concepcion asuncion jesus jesús franco bruno leo otto bella
    marina sole allegra blanche aurore constance prudence noel france ernst wolf heinz kai jan ole
    said can deniz amal long van thi mai lei li min bo jun yu ming lan anh lin yang hung tuan hong
    dong tao park moon son song sun tan pan he ma do ha ko oh nam sim ye su lu du ren gill bose das
    sen ba sy fall sow ly lam ho le jin han yoon cox wood west cole ford wells hill reed ward gray
    brooks bell green brown white black young long lee kelly brand king marshall stewart steward
    baker cook miller turner carpenter fisher fischer butler porter walker wright clark clarke
    bishop knight fox lamb rich sharp price banks hall booth church cross field page morris rogers
    murphy bennett russell perry graham wallace ellis murray owens mcdonald harrison kennedy griffin
    charles roger jean noel schneider weber koch richter klein schwarz zimmermann braun lange werner
    keller frank berger winkler roth beck winter kraus vogt stein sommer gross graf horn busch engel
    arnold walter konig kaiser jung hahn vogel fuchs weiss costa lima rocha ramos campos dias nunes
    machado mendes pinto moura castro miranda santana russo ferrari romano marino greco gallo leone
    longo serra conte villa sala testa guerra fiore neri riva bianco grasso monti amato caputo
    marini basile gil vidal moya soler parra rojas valencia prieto calvo cano marin herrero pastor
    bravo duran leon medina guerrero soto mora vega flores fuentes reyes nieto caballero campos
    iglesias blanco torres rubio castillo cortes vargas arias carmona crespo paris noel laine carre
    breton cousin baron pons roy jean pierre marie colin henry adam rey brun blanc petit fleury
    robin leroy mercier rousseau charpentier marchand roman khan shah jain das rao sen malik islam
    hussain rahman aziz abbas habib nasser morgan stanley sachs goldman gates jobs musk dell lauren
    klein boss hilfiger disney oracle loan dat salvador trinidad rosario camara lima colombo fontana
    martini ferrara messina pellegrino carbone barone gentile vitale serrano delgado mendoza bonnet
    garnier fontaine chevalier roche renard leclerc bourgeois picard riviere moulin renault barre
    petit fischer schuster jager schafer lang sauer schreiber bergmann meunier barbier grassi conti
    dias correia nascimento marcos ella lea mia ante volker horst sultan sanders parata pascal levi
    finn silvester valentine basil alberta cassandra archer sri nancy lorraine jefferson
    humphrey
    hang precious harsh gang blessing mercy floor norma segundo assunta nello aparecida made tope
    akin amar haya asma tuba dung thai viet shun maya mere wolfram cara tara harvey sage chance
    travis
    """
)

# Capitalised words of career talk that never begin or continue a name: tools, firms, places,
# roles, days, months, languages. A name next to them ends there ("Maria Excel" keeps "Excel").
CAREER_WORDS = word_set(
    """excel word powerpoint outlook teams sharepoint onedrive access visio project office windows
    linux macos ios android python java javascript typescript sql mysql postgresql postgres oracle
    mongodb redis kafka spark hadoop hive tableau looker qlik power bi query pivot sap s/4hana
    workday salesforce hubspot zendesk servicenow jira confluence trello asana monday notion slack
    zoom webex skype gmail google microsoft amazon aws azure gcp apple meta facebook instagram
    tiktok twitter linkedin youtube whatsapp telegram github gitlab bitbucket docker kubernetes
    terraform ansible jenkins ruby rails rust go golang kotlin swift scala perl php julia matlab
    stata spss sas r pandas numpy excel's chatgpt openai copilot gemini claude bard llama mistral
    siri alexa watson jasper grammarly otter perplexity midjourney dall-e synthesia cortana figma
    canva photoshop illustrator indesign premiere autocad revit solidworks archicad sketchup blender
    unity unreal quickbooks xero sage datev cegid lexware navision dynamics netsuite peoplesoft
    kronos adp paychex gusto bamboohr deputy epic cerner meditech moodle blackboard canvas coursera
    udemy edx duolingo babbel shopify magento wordpress wix squarespace mailchimp marketo pardot
    hootsuite semrush airtable miro lucidchart smartsheet basecamp wrike clickup sap-berichten
    deloitte kpmg pwc ey accenture mckinsey bain bcg gartner forrester ibm intel nvidia samsung sony
    siemens bosch basf bayer allianz continental volkswagen bmw audi porsche daimler mercedes-benz
    ford tesla toyota honda nissan renault peugeot citroen michelin fiat ferrari ferrero lavazza
    barilla pirelli eni enel generali unicredit intesa santander bbva caixabank telefonica inditex
    zara mango iberdrola repsol carrefour auchan danone nestle loreal lvmh total totalenergies
    orange axa bnp paribas societe generale credit agricole itau bradesco petrobras vale ambev
    natura embraer walmart target costco kroger tesco sainsbury's sainsburys asda aldi lidl
    morrisons waitrose barclays lloyds hsbc natwest citi citibank jpmorgan chase wells fargo goldman
    sachs   blackrock vanguard fidelity unilever pepsico coca-cola mcdonald's starbucks
    uber lyft airbnb netflix spotify paypal stripe visa mastercard amex fedex ups dhl maersk boeing
    airbus nhs hmrc ons cipd acca cima aat cfa pmp prince2 itil agile scrum kanban maximo lean six
    sigma iso gdpr hipaa sox ifrs gaap onet o*net esco monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september october november
    december lunes martes miercoles jueves viernes sabado domingo enero febrero marzo abril mayo
    junio agosto septiembre octubre noviembre diciembre lundi mardi mercredi jeudi vendredi samedi
    dimanche janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
    montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar marz juni juli
    oktober dezember lunedi martedi mercoledi giovedi venerdi sabato gennaio febbraio aprile maggio
    giugno luglio settembre ottobre dicembre segunda terca quarta quinta sexta janeiro fevereiro
    maio junho julho setembro outubro novembro dezembro english spanish french german italian
    portuguese dutch polish chinese japanese korean arabic hindi russian turkish british american
    european african asian latin indian irish scottish welsh canadian australian mexican brazilian
    argentine colombian peruvian chilean nigerian kenyan ghanaian london manchester birmingham leeds
    glasgow edinburgh liverpool bristol cardiff belfast dublin york new boston chicago seattle
    atlanta miami toronto vancouver montreal berlin munich munchen hamburg frankfurt koln cologne
    stuttgart dusseldorf vienna wien zurich geneva madrid barcelona sevilla seville bilbao lisbon
    lisboa porto rome roma milano napoli naples turin torino bologna firenze venice venezia lyon
    marseille toulouse lille nantes bordeaux strasbourg brussels amsterdam rotterdam copenhagen
    stockholm oslo helsinki warsaw prague budapest athens istanbul cairo lagos nairobi accra
    johannesburg mumbai delhi bangalore bengaluru chennai hyderabad pune kolkata karachi lahore
    dhaka singapore tokyo osaka seoul beijing shanghai shenzhen hong kong manila jakarta bangkok
    melbourne auckland janeiro buenos aires bogota mexico city texas california florida spain france
    germany italy portugal brazil argentina colombia peru chile nigeria kenya ghana egypt morocco
    turkey russia ukraine poland romania greece japan korea vietnam philippines pakistan bangladesh
    canada australia ireland scotland wales england britain europe america manager director engineer
    analyst assistant clerk nurse teacher developer consultant officer specialist coordinator
    supervisor intern student lead head chief senior junior principal staff associate administrator
    accountant auditor architect designer scientist technician operator driver agent advisor adviser
    representative executive president founder owner partner owner product scrum master data
    protection customer success solutions site reliability sales marketing finance operations
    payroll accounts payable receivable human resources recruitment talent legal compliance risk
    audit tax treasury procurement logistics warehouse support service services security safety
    quality research development training learning health care team department office company group
    university college school hospital bank council ministry government foundation institute
    association union board committee centre center ai ml llm api ux ui crm erp hr it qa pm ceo cto
    cfo coo cio vp svp evp recursos humanos responsable acquisti analista senior sênior teamleiterin
    projektleiter buchhaltung einkauf direktorin direktor doktor doktorin professorin kollegin
    kollege chefin chef leiterin leiter geschaftsfuhrer geschaftsfuhrerin abteilungsleiter
    management leadership
    tecnico tecnica auxiliar administrativo administrativa enfermero enfermera ingeniero ingeniera gerente
    jefe jefa directora asistente encargado encargada operario operaria conductor conductora camarero
    camarera cocinero cocinera dependiente dependienta profesor profesora maestro maestra abogado abogada
    contable medico medica enfermeiro enfermeira engenheiro engenheira assistente motorista professora
    advogado advogada contador contadora cozinheiro cozinheira vendedor vendedora impiegato impiegata
    infermiere infermiera ingegnere addetto addetta operaio operaia magazziniere cuoco cuoca commesso
    commessa technicien technicienne infirmier infirmiere ingenieur assistante conducteur vendeur
    vendeuse comptable cuisinier cuisiniere techniker krankenpfleger pflegefachkraft sachbearbeiter
    sachbearbeiterin fahrer verkaufer verkauferin buchhalter elektriker superior superiora
    segun selon laut secondo according
    """
)

# Firms named after people: the pair is kept whole ("Morgan Stanley", "Goldman Sachs").
FIRM_PAIRS = frozenset(
    (fold(a), fold(b))
    for a, b in (
        pair.split()
        for pair in (
            "morgan stanley",
            "goldman sachs",
            "wells fargo",
            "charles schwab",
            "merrill lynch",
            "johnson controls",
            "calvin klein",
            "ralph lauren",
            "hugo boss",
            "louis vuitton",
            "christian dior",
            "giorgio armani",
            "estee lauder",
            "walt disney",
            "john deere",
            "john lewis",
            "dow jones",
            "oliver wyman",
            "booz allen",
            "baker mckenzie",
            "clifford chance",
            "tommy hilfiger",
            "florence nightingale",
            "thomson reuters",
            "wolters kluwer",
            "aston martin",
            "alfa romeo",
            "arthur andersen",
            "freddie mac",
            "robert half",
            "robert bosch",
            "ernst young",
            "kelly services",
            "fannie mae",
            "jackson hewitt",
            "edward jones",
            "johnson controls",
        )
    )
)

# Given names that are also ordinary lower-case words in one of the six languages ("sara" is
# Italian "will be", "marco" Spanish "frame", "chiara" Italian "clear"): typed in lower case they
# count only after an introduction or a cue ("ask sara").
LOWER_WORDS = AMBIGUOUS | word_set(
    """basil pascal silvester wanting bob hang precious harsh piers gang flora blessing mercy fern
    heath hazel kit lance crystal dawn
    sandy bonnie ted teddy len stan sage chance faye gifty ife yara mina mere mele wen wan shan shu
    rui qing xia nan ning peng ling ting yun yue xue lai kee eng kok chee boon bich chau dung hai
    hoa nga nhi tien tung thai trung huy luan quan viet xuan diem hien hieu phong oanh sang toan
    guang jia wai jed una ida eira frida nele ulla knut pim niek wim evert floor fleur flore laure
    solange sacha brice carole ambre eloi alix marius coralie odile pina pino gigi dino lino rino
    romeo renzo elio vanna enza italo melania prisca zaira saul silvio segundo severino fidel fausto
    felisa norberto telmo perla rebeca roxana jenifer damaris desiree graciela lupita minerva
    lucrecia evaristo gabino hilario iolanda ivone joana neide odete dalva elza celso cicero cosimo
    donato guido lucio mauro oreste orazio nello nunzio pasquale settimo silvano amedeo assunta
    concetta immacolata carmela rosetta rosalba benedetta letizia hortense clementine constance
    malte wolfram stig sanna alma cara norma robin sherry tara tori haya hala tala iman asma dalia
    rida pinar seda tuba metin melek derya ekin emel zafer gonul mitra amar lata rina tejas vani
    made tope akin inmaculada sagrario aparecida benedito harvey shun maya kana koji mami chia suet
    salwa sabah safa muna maha hani ayu citra eka indah intan losa kiri tama hemi hine tane busi
    rudo dede sade ladi fola tobi wale zuri efe boaz abe bert beth blake brett cath cecil clint
    corey craig dana dora edna gail greg jake jess jude kane kay lois mabel maud mavis merle myles
    nina paddy percy polly reba rufus sally shane sybil tess thea tilly toby tony tracy travis trudy
    vernon vicky viv wendell xander zelda
    wayne amara julio romain clement carol poppy isla ella lea fang maxim ante rami gita ravi
    armando candela giada bruna sultan sara sami ali marco marcos linda massimo angelo santo olivier
    chiara serena claire pierre bruno franco otto felice bella celeste marina stella viola bianca
    gaia vittoria sole allegra rosa clara alba vera luz paz sol mar pilar dolores mercedes gloria
    esperanza consuelo soledad amparo nieves rocio milagros caridad luna estrella paloma perla flor
    violeta margarita reina belen cruz santos angeles concepcion asuncion jesus angel victoria
    aurora sana bola ama amal hana nur noor lina dina reem mona rita ines adam said leo max will
    mark bill frank jack chase hunter grace hope faith joy rose lily daisy ruby holly iris jade
    amber summer autumn dawn eve violet heather ivy olive pearl crystal christian julia ada loan dat
    hung long tam bao can deniz ama bola ante rosario reinaldo remedios trinidad salvador
    purificacion cesar jacinto mariano maximo constance prudence aurore florence blanche noel ernst
    wolf heinz kai jan ole sem bas conti costa greco russo gallo leone longo serra conte villa sala
    testa guerra fiore neri riva bianco grasso monti amato marini basile esposito ricci galli
    martino farina mazza sartori negri milani pagano battaglia benedetti bellini fabbri ferri
    morales pastor bravo blanco rubio flores fuentes reyes nieto caballero campos iglesias castillo
    cortes torres ramos lima rocha dias nunes pinto moura mendes machado correia coelho carvalho
    pereira oliveira ribeiro nascimento moreira marques freitas cunha fonseca amaral monteiro
    teixeira batista miranda brandao silva souza santana"""
)

# Name endings and beginnings that few other words share (Kowalski, Petrovic, Shevchenko,
# Beridze, Papadopoulos, Yamamoto, Rajendra, Ngozi, Nwankwo, Oluwaseun, Abdelkader): a
# capitalised word shaped like this is taken for a name even when no list has it.
_SHAPE = re.compile(
    r"(?:\w{3,}(?:ski|ska|cki|cka|wicz|vich|ovic|evic|enko|chuk|shvili|dze|opoulos|poulos|akis|idis"
    r"|oglu|sson|dottir|moto|yama|mura|kawa|gawa|shita|hashi|saki|zaki|bayashi|suke|hiro|yuki|endra"
    r"|preet|deep|jeet|jit|appa|murthy|swamy|nathan|chukwu|esh|ova)|\w{4,}yan|\w{3,}[oe]v"
    r"|(?:nw|ng|mb|nk|nd|oluwa|chukwu|abdel|abdul|abdur|abdou)\w{2,})"
)
# Ordinary words and places of that shape.
_NOT_SHAPED = word_set(
    """refresh afresh thresh bangladesh marrakesh genova padova casanova terranova bossanova prova
    riprova approva rinnova ritrova terremoto maremoto remoto kaspersky kawasaki mitsubishi improv
    libyan kishinev moldova craiova rostov kharkov saratov kirov lvov lanka"""
)


def shaped_like_name(key: str) -> bool:
    """Whether a folded word has the shape of a name from its ending or beginning."""
    return "-" not in key and key not in _NOT_SHAPED and _SHAPE.fullmatch(key) is not None
