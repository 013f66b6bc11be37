"""The second-generation claims checker's starting data: claim phrases with what makes
each a claim, the health terms a claim must be about, and medicines with their UK legal
status. Editors change all three in the admin (Claims checker menu) afterwards.

Legal status: the MHRA's legal category as printed in each product's SmPC ("Legal
category" on the EMC) and in the BNF. Written from those sources' published categories;
``checked_on`` stays empty until someone checks each row against the live MHRA Products
or EMC page, and uncertain rows say so in their notes."""

from django.db import migrations

T, A, N = "target", "absolute", "nothing"

# (phrase, category, requires, strong, suggestion, reason)
CLAIM_PHRASES = [
    # Cure and elimination: flagged even when hedged ("may cure").
    ("cure", "treatment", T, True, "help with", "Says something cures a condition: cite the evidence."),
    ("heal", "treatment", T, True, "help with", "Says something heals: cite the evidence."),
    ("eliminate", "treatment", T, True, "reduce", "Promises to eliminate a problem: cite the evidence."),
    ("eradicate", "treatment", T, True, "reduce", "Promises to eradicate a problem: cite the evidence."),
    ("banish", "treatment", T, True, "ease", "Promises to banish a problem: cite the evidence."),
    ("erase", "treatment", T, True, "soften", "Promises to erase a problem: cite the evidence."),
    ("reverse", "treatment", T, True, "help with", "Says something reverses a condition: cite the evidence."),
    ("fix", "treatment", T, True, "help with", "Promises to fix a problem: cite the evidence."),
    ("get rid of", "treatment", T, True, "ease", "Promises to get rid of a problem: cite the evidence."),
    ("say goodbye to", "treatment", T, True, "ease", "Promises to end a problem: cite the evidence."),
    ("kiss goodbye to", "treatment", T, True, "ease", "Promises to end a problem: cite the evidence."),
    ("put an end to", "treatment", T, True, "ease", "Promises to end a problem: cite the evidence."),
    ("melt away", "treatment", T, True, "reduce", "Promises to melt a problem away: cite the evidence."),
    ("melt", "treatment", T, True, "reduce", "Promises to melt a problem away: cite the evidence."),
    ("wipe out", "treatment", T, True, "reduce", "Promises to wipe out a problem: cite the evidence."),
    ("beat", "treatment", T, True, "help with", "Promises to beat a condition: cite the evidence."),
    ("conquer", "treatment", T, True, "help with", "Promises to conquer a condition: cite the evidence."),
    ("free you from", "treatment", T, True, "ease", "Promises freedom from a problem: cite the evidence."),
    ("remedy", "treatment", T, True, "", "Presents something as a remedy: cite the evidence."),
    # Treatment and benefit: not flagged when hedged ("may ease tiredness").
    ("treat", "treatment", T, False, "help with", "Says something treats a condition: cite the evidence."),
    ("prevent", "treatment", T, False, "lower the risk of", "Says something prevents a condition: cite the evidence."),
    ("protect against", "treatment", T, False, "lower the risk of", "Says something protects against a condition: cite the evidence."),
    ("relieve", "treatment", T, False, "ease", "Says something relieves symptoms: cite the evidence."),
    ("relief", "treatment", T, False, "", "Promises relief of symptoms: cite the evidence."),
    ("alleviate", "treatment", T, False, "ease", "Says something relieves symptoms: cite the evidence."),
    ("ease", "treatment", T, False, "ease", "Says something eases symptoms: cite the evidence."),
    ("soothe", "treatment", T, False, "soothe", "Says something soothes symptoms: cite the evidence."),
    ("fight", "treatment", T, False, "help with", "Says something fights a condition: cite the evidence."),
    ("combat", "treatment", T, False, "help with", "Says something combats a condition: cite the evidence."),
    ("tackle", "treatment", T, False, "help with", "Says something tackles a condition: cite the evidence."),
    ("help with", "treatment", T, False, "help with", "Says something helps with a condition: cite the evidence."),
    ("work for", "treatment", T, False, "help with", "Says something works for a condition: cite the evidence."),
    ("stop", "treatment", T, False, "reduce", "Says something stops a condition: cite the evidence."),
    ("reduce", "benefit", T, False, "reduce", "Says something reduces symptoms or risk: cite the evidence."),
    ("decrease", "benefit", T, False, "reduce", "Says something reduces symptoms or risk: cite the evidence."),
    ("lower", "benefit", T, False, "lower", "Says something lowers a health measure: cite the evidence."),
    ("improve", "benefit", T, False, "improve", "Says something improves health or symptoms: cite the evidence."),
    ("improvement", "benefit", T, False, "", "Promises an improvement: cite the evidence."),
    ("boost", "benefit", T, False, "support", "Promises a boost (immunity, energy…): cite the evidence."),
    ("enhance", "benefit", T, False, "improve", "Says something enhances health: cite the evidence."),
    ("restore", "benefit", T, False, "improve", "Says something restores health: cite the evidence."),
    ("strengthen", "benefit", T, False, "support", "Says something strengthens the body: cite the evidence."),
    ("rejuvenate", "benefit", T, False, "refresh", "Says something rejuvenates: cite the evidence."),
    ("revitalise", "benefit", T, False, "refresh", "Says something revitalises: cite the evidence."),
    ("regenerate", "benefit", T, False, "", "Says something regenerates the body: cite the evidence."),
    ("repair", "benefit", T, False, "", "Says something repairs the body: cite the evidence."),
    ("transform", "benefit", T, False, "improve", "Promises a transformation: cite the evidence."),
    ("tighten", "benefit", T, False, "firm", "Promises a change in appearance: cite the evidence."),
    ("thicken", "benefit", T, False, "", "Promises a change in appearance: cite the evidence."),
    ("smooth", "benefit", T, False, "soften", "Promises a change in appearance: cite the evidence."),
    ("lift", "benefit", T, False, "improve", "Promises a lift (mood, skin…): cite the evidence."),
    ("clear", "benefit", T, False, "improve", "Promises to clear a condition: cite the evidence."),
    ("effective", "benefit", T, False, "", "Claims effectiveness: cite the evidence."),
    ("lose", "benefit", T, False, "", "Promises weight loss: cite the evidence."),
    ("burn", "benefit", T, False, "", "Promises fat loss: cite the evidence."),
    ("shed", "benefit", T, False, "", "Promises weight loss: cite the evidence."),
    # Absolute safety: the phrase needs absolute wording ("completely safe", "no side effects").
    ("safe", "safety", A, False, "generally well tolerated", "Claims absolute safety: no treatment is risk-free."),
    ("harmless", "safety", A, False, "generally well tolerated", "Claims absolute safety: no treatment is risk-free."),
    ("suitable", "safety", A, False, "suitable for many people", "Claims it suits everyone: say who it is not for."),
    ("natural", "safety", A, False, "", "Implies safety because it is natural: natural is not the same as safe."),
    ("side effect", "safety", A, False, "mostly mild side effects", "Claims no side effects: no treatment is free of them."),
    ("risk", "safety", A, False, "", "Claims no risk: no treatment is risk-free."),
    ("complication", "safety", A, False, "", "Claims no complications: no treatment is risk-free."),
    ("downtime", "safety", A, False, "little downtime for most people", "Promises no downtime: say what recovery usually involves."),
    ("recovery time", "safety", A, False, "", "Promises no recovery time: say what recovery usually involves."),
    ("pain", "safety", A, False, "", "Promises no pain: say what patients usually feel."),
    ("painless", "safety", N, False, "usually only mildly uncomfortable", "Promises no pain: say what patients usually feel."),
    ("pain free", "safety", N, False, "usually only mildly uncomfortable", "Promises no pain: say what patients usually feel."),
    ("risk free", "safety", N, False, "low-risk", "Claims no risk: no treatment is risk-free."),
    ("side effect free", "safety", N, False, "", "Claims no side effects: no treatment is free of them."),
    ("safe and effective", "safety", N, False, "well tolerated by most people", "Claims safety and efficacy: cite the evidence."),
    ("safe and natural", "safety", N, False, "", "Implies safety because it is natural: cite the evidence."),
    # Promises of a result: the phrase needs a result ("instant relief", "guaranteed results").
    ("guarantee", "promise", T, True, "", "Promises a result: no treatment is guaranteed."),
    ("instant", "promise", T, True, "", "Promises an instant result: say how results vary."),
    ("immediate", "promise", T, True, "", "Promises an immediate result: say how results vary."),
    ("quick", "promise", T, True, "", "Promises a quick result: say how results vary."),
    ("fast", "promise", T, True, "", "Promises a fast result: say how results vary."),
    ("rapid", "promise", T, True, "", "Promises a rapid result: say how results vary."),
    ("permanent", "promise", T, True, "", "Promises a permanent result: say how long results usually last."),
    ("lasting", "promise", T, True, "", "Promises a lasting result: say how long results usually last."),
    ("long lasting", "promise", T, True, "", "Promises a lasting result: say how long results usually last."),
    ("dramatic", "promise", T, True, "", "Promises a dramatic result: cite the evidence."),
    ("amazing", "promise", T, True, "", "Promises a remarkable result: cite the evidence."),
    ("incredible", "promise", T, True, "", "Promises a remarkable result: cite the evidence."),
    ("life changing", "promise", T, True, "", "Promises a life-changing result: cite the evidence."),
    ("visible", "promise", T, True, "", "Promises a visible result: cite the evidence."),
    ("complete", "promise", T, True, "", "Promises a complete result: say how results vary."),
    ("double", "promise", T, True, "", "Promises a quantified result: cite the evidence."),
    ("triple", "promise", T, True, "", "Promises a quantified result: cite the evidence."),
    ("halve", "promise", T, True, "", "Promises a quantified result: cite the evidence."),
    ("no more", "promise", T, True, "", "Promises the end of a problem: cite the evidence."),
    ("no longer", "promise", T, True, "", "Promises the end of a problem: cite the evidence."),
    ("never * again", "promise", T, True, "", "Promises the end of a problem: cite the evidence."),
    ("miracle", "promise", N, True, "", "Promises a miracle: no treatment is one."),
    ("works for everyone", "promise", N, True, "", "Promises a result for everyone: results vary."),
    ("works every time", "promise", N, True, "", "Promises a result every time: results vary."),
    ("feel like a new person", "promise", N, True, "", "Promises a result: say how results vary."),
    ("look * younger", "promise", N, True, "", "Promises a younger look: cite the evidence."),
    # Proof and evidence.
    ("clinically proven", "certainty", N, True, "", "Claims clinical proof: cite the trial."),
    ("clinically shown", "certainty", N, True, "", "Claims clinical proof: cite the trial."),
    ("clinically tested", "certainty", N, True, "", "Claims clinical testing: cite the trial."),
    ("scientifically proven", "certainty", N, True, "", "Claims scientific proof: cite the study."),
    ("medically proven", "certainty", N, True, "", "Claims medical proof: cite the study."),
    ("proven to", "certainty", N, True, "", "Claims proof: cite the evidence."),
    ("proven", "certainty", T, True, "", "Claims proof: cite the evidence."),
    ("research proves", "certainty", N, True, "some research suggests", "Claims research proves it: cite the study."),
    ("studies prove", "certainty", N, True, "some studies suggest", "Claims studies prove it: cite them."),
    ("science proves", "certainty", N, True, "some research suggests", "Claims science proves it: cite the study."),
    ("science shows", "certainty", N, True, "some research suggests", "Claims science shows it: cite the study."),
    ("backed by science", "certainty", N, True, "", "Claims scientific backing: cite the study."),
    ("backed by research", "certainty", N, True, "", "Claims research backing: cite the study."),
    ("doctor recommended", "certainty", N, True, "", "Claims doctors' endorsement: say who and cite it."),
    ("recommended by doctors", "certainty", N, True, "", "Claims doctors' endorsement: say who and cite it."),
    # Detox and immunity.
    ("detox", "detox", N, True, "", "Detox claims are not supported by evidence."),
    ("flush * toxins", "detox", N, True, "", "Detox claims are not supported by evidence."),
    ("flush", "detox", T, True, "", "Detox claims are not supported by evidence."),
    ("cleanse your body", "detox", N, True, "", "Detox claims are not supported by evidence."),
    ("cleanse your system", "detox", N, True, "", "Detox claims are not supported by evidence."),
    ("purify", "detox", N, True, "", "Detox claims are not supported by evidence."),
    ("alkalise", "detox", N, True, "", "Detox claims are not supported by evidence."),
    ("supercharge", "detox", T, True, "", "Promises to supercharge the body: cite the evidence."),
]

# The first-generation phrases this replaces or narrows.
RETIRED_PHRASES = ["improved", "improving", "reduced", "reducing", "no side effects", "guaranteed"]

C, S, B, AP, IM = "condition", "symptom", "body_function", "appearance", "immunity"
HEALTH_TERMS = {
    C: [
        "ME", "CFS", "chronic fatigue syndrome", "myalgic encephalomyelitis", "long covid",
        "post viral fatigue", "anaemia", "anemia", "iron deficiency", "deficiency", "diabetes",
        "prediabetes", "obesity", "hypertension", "high blood pressure", "high cholesterol",
        "heart disease", "cancer", "tumour", "arthritis", "osteoarthritis", "fibromyalgia",
        "migraine", "depression", "anxiety", "insomnia", "eczema", "dermatitis", "psoriasis",
        "acne", "rosacea", "alopecia", "baldness", "hair loss", "menopause", "perimenopause",
        "PCOS", "endometriosis", "IBS", "irritable bowel syndrome", "infection", "covid",
        "flu", "asthma", "allergy", "hay fever", "dementia", "alzheimer's", "ADHD", "autism",
        "hypothyroidism", "underactive thyroid", "thyroid", "sinusitis", "cystitis", "gout",
        "osteoporosis", "erectile dysfunction", "impotence", "infertility", "hyperhidrosis",
        "varicose vein", "illness", "disease", "disorder", "condition", "ailment", "injury",
        "inflammation", "hangover", "jet lag", "addiction", "dependency", "dependence",
        "reliance", "burnout", "postnatal depression", "PMS", "period pain", "heavy periods",
        "tinnitus", "plantar fasciitis", "tendonitis", "sciatica", "shingles", "herpes",
        "cold sore", "wart", "verruca",
    ],
    S: [
        "symptom", "fatigue", "tiredness", "tired", "exhaustion", "exhausted", "lethargy",
        "weakness", "low energy", "pain", "ache", "headache", "back pain", "joint pain",
        "muscle pain", "cramp", "stiffness", "nausea", "vomiting", "bloating", "bloated",
        "constipation", "diarrhoea", "indigestion", "heartburn", "reflux", "breathlessness",
        "shortness of breath", "dizziness", "palpitations", "brain fog", "cognitive fog",
        "memory loss", "poor concentration", "low mood", "stress", "stressed", "anxious",
        "depressed", "sluggish", "hot flush", "hot flash", "night sweats", "sweating",
        "cough", "sore throat", "swelling", "itching", "itch", "rash", "sleep problems",
        "sleeplessness", "cravings", "discomfort", "soreness", "cognitive issues",
        "cognitive symptoms", "digestive strain", "heaviness",
    ],
    B: [
        "energy", "energy levels", "stamina", "endurance", "vitality", "metabolism",
        "appetite", "libido", "sex drive", "fertility", "hormone", "hormone balance",
        "testosterone", "blood sugar", "blood pressure", "cholesterol", "oxygen delivery",
        "oxygen supply", "circulation", "blood flow", "digestion", "digestive",
        "digestive system", "gut health", "gut", "bowel", "liver", "kidney function",
        "heart health", "lung function", "brain function", "cognitive function", "cognition",
        "concentration", "focus", "memory", "mental clarity", "mood", "sleep",
        "sleep quality", "wellbeing", "quality of life", "bone density", "joint health",
        "recovery", "healing", "athletic performance", "weight", "body weight",
        "excess weight", "fat", "body fat", "belly fat", "fat cell", "heart", "joint", "bone",
        "brain", "lung", "kidney", "nerve", "muscle", "hair", "nail",
    ],
    AP: [
        "skin", "complexion", "skin tone", "skin texture", "collagen", "elasticity",
        "wrinkle", "fine line", "frown line", "smile line", "crow's feet", "jowl", "double chin",
        "sagging skin", "age spot", "dark circle", "scar", "scarring", "stretch mark",
        "pigmentation", "hyperpigmentation", "melasma", "cellulite", "blemish", "spot",
        "pore", "oily skin", "dry skin", "dandruff", "thinning hair", "hair growth",
        "receding hairline", "ageing", "aging", "signs of ageing",
    ],
    IM: [
        "immune system", "immunity", "immune", "immune response", "toxin", "free radical",
        "body's defences", "defences",
    ],
}

# (name, active substance, legal status, notes)
SOURCE_SMPC = "EMC SmPC, section “Legal category”; MHRA Products"
SOURCE_BNF = "BNF legal category; MHRA Products"
SOURCE_ASA = "CAP/ASA guidance on advertising prescription-only medicines"
POM, VARIES, P, GSL = "POM", "varies", "P", "GSL"
MEDICINES = [
    # Botulinum toxins: every product is POM.
    ("botulinum toxin", "", POM, SOURCE_BNF, ""),
    ("Botox", "onabotulinumtoxinA", POM, SOURCE_SMPC, "Botox, Allergan/AbbVie."),
    ("onabotulinumtoxinA", "", POM, SOURCE_SMPC, ""),
    ("Vistabel", "onabotulinumtoxinA", POM, SOURCE_SMPC, "Allergan's cosmetic presentation."),
    ("abobotulinumtoxinA", "", POM, SOURCE_SMPC, ""),
    ("Dysport", "abobotulinumtoxinA", POM, SOURCE_SMPC, ""),
    ("Azzalure", "abobotulinumtoxinA", POM, SOURCE_SMPC, ""),
    ("Alluzience", "abobotulinumtoxinA", POM, SOURCE_SMPC,
     "Uncertain: UK licence assumed from its EU approval; check MHRA Products."),
    ("incobotulinumtoxinA", "", POM, SOURCE_SMPC, ""),
    ("Xeomin", "incobotulinumtoxinA", POM, SOURCE_SMPC, ""),
    ("Bocouture", "incobotulinumtoxinA", POM, SOURCE_SMPC, ""),
    ("letibotulinumtoxinA", "", POM, SOURCE_SMPC, "Uncertain: UK licence date not checked."),
    ("Letybo", "letibotulinumtoxinA", POM, SOURCE_SMPC, "Uncertain: UK licence date not checked."),
    ("relabotulinumtoxinA", "", POM, SOURCE_SMPC,
     "Uncertain: UK licensing not confirmed; POM like every botulinum toxin."),
    ("Relfydess", "relabotulinumtoxinA", POM, SOURCE_SMPC,
     "Uncertain: UK licensing not confirmed; POM like every botulinum toxin."),
    ("rimabotulinumtoxinB", "", POM, SOURCE_SMPC, ""),
    ("NeuroBloc", "rimabotulinumtoxinB", POM, SOURCE_SMPC, ""),
    # GLP-1 and GIP/GLP-1 receptor agonists.
    ("semaglutide", "", POM, SOURCE_SMPC, ""),
    ("Ozempic", "semaglutide", POM, SOURCE_SMPC, "Licensed for type 2 diabetes."),
    ("Wegovy", "semaglutide", POM, SOURCE_SMPC, "Licensed for weight management."),
    ("Rybelsus", "semaglutide", POM, SOURCE_SMPC, "Oral semaglutide."),
    ("tirzepatide", "", POM, SOURCE_SMPC, ""),
    ("Mounjaro", "tirzepatide", POM, SOURCE_SMPC, ""),
    ("liraglutide", "", POM, SOURCE_SMPC, ""),
    ("Saxenda", "liraglutide", POM, SOURCE_SMPC, "Licensed for weight management."),
    ("Victoza", "liraglutide", POM, SOURCE_SMPC, "Licensed for type 2 diabetes."),
    ("dulaglutide", "", POM, SOURCE_SMPC, ""),
    ("Trulicity", "dulaglutide", POM, SOURCE_SMPC, ""),
    ("exenatide", "", POM, SOURCE_SMPC, ""),
    ("Byetta", "exenatide", POM, SOURCE_SMPC, "Uncertain: UK availability not checked."),
    ("Bydureon", "exenatide", POM, SOURCE_SMPC, "Uncertain: UK availability not checked."),
    ("weight loss injection", "GLP-1 or GIP/GLP-1 agonists", POM, SOURCE_ASA,
     "Not a product name: the ASA treats ads for weight-loss injections or jabs as ads for "
     "prescription-only medicines. Check the current CAP guidance."),
    ("weight loss jab", "GLP-1 or GIP/GLP-1 agonists", POM, SOURCE_ASA,
     "Not a product name: see “weight loss injection”."),
    ("skinny jab", "GLP-1 or GIP/GLP-1 agonists", POM, SOURCE_ASA,
     "Not a product name: see “weight loss injection”."),
    # Other weight-loss medicines.
    ("orlistat", "", VARIES, SOURCE_SMPC, "120 mg (Xenical) is POM; 60 mg (Alli) is P."),
    ("Xenical", "orlistat", POM, SOURCE_SMPC, "Orlistat 120 mg."),
    ("Alli", "orlistat", P, SOURCE_SMPC, "Orlistat 60 mg, sold in pharmacies: not flagged."),
    ("Mysimba", "naltrexone and bupropion", POM, SOURCE_SMPC, ""),
    ("phentermine", "", POM, SOURCE_BNF,
     "Not licensed in the UK; a controlled drug where prescribed. Uncertain: check the BNF."),
    # Intravenous iron: every product is POM.
    ("ferric carboxymaltose", "", POM, SOURCE_SMPC, ""),
    ("Ferinject", "ferric carboxymaltose", POM, SOURCE_SMPC, ""),
    ("iron sucrose", "", POM, SOURCE_SMPC, ""),
    ("Venofer", "iron sucrose", POM, SOURCE_SMPC, ""),
    ("ferric derisomaltose", "", POM, SOURCE_SMPC, "Formerly called iron isomaltoside 1000."),
    ("iron isomaltoside", "ferric derisomaltose", POM, SOURCE_SMPC, "The former name."),
    ("Monofer", "ferric derisomaltose", POM, SOURCE_SMPC, ""),
    ("iron dextran", "", POM, SOURCE_SMPC, ""),
    ("CosmoFer", "iron dextran", POM, SOURCE_SMPC, ""),
    # Vitamin B12 injections.
    ("hydroxocobalamin", "", POM, SOURCE_BNF, "Sold in the UK as an injection only."),
    ("Neo-Cytamen", "hydroxocobalamin", POM, SOURCE_SMPC,
     "Uncertain: UK availability not checked."),
    ("Cobalin-H", "hydroxocobalamin", POM, SOURCE_SMPC,
     "Uncertain: UK availability not checked."),
    ("cyanocobalamin", "", VARIES, SOURCE_BNF,
     "Injection is POM; oral tablets are sold over the counter."),
    ("B12 injection", "hydroxocobalamin or cyanocobalamin", POM, SOURCE_ASA,
     "Not a product name: the ASA has ruled that ads for vitamin B12 injections promote a "
     "prescription-only medicine. Check the current rulings."),
    ("B12 jab", "hydroxocobalamin or cyanocobalamin", POM, SOURCE_ASA,
     "Not a product name: see “B12 injection”."),
    # Hair loss.
    ("finasteride", "", POM, SOURCE_SMPC, ""),
    ("Propecia", "finasteride", POM, SOURCE_SMPC, "Finasteride 1 mg."),
    ("Proscar", "finasteride", POM, SOURCE_SMPC, "Finasteride 5 mg."),
    ("dutasteride", "", POM, SOURCE_SMPC, ""),
    ("Avodart", "dutasteride", POM, SOURCE_SMPC, ""),
    ("minoxidil", "", VARIES, SOURCE_SMPC,
     "Tablets (Loniten) are POM; solutions and foams for the scalp are P or GSL."),
    ("Loniten", "minoxidil", POM, SOURCE_SMPC, "Minoxidil tablets."),
    ("Regaine", "minoxidil", P, SOURCE_SMPC,
     "Topical minoxidil: P or GSL depending on the presentation (uncertain which): not flagged."),
    # Acne, skin and pigmentation.
    ("isotretinoin", "", POM, SOURCE_SMPC, ""),
    ("Roaccutane", "isotretinoin", POM, SOURCE_SMPC,
     "Uncertain: the brand may no longer be marketed in the UK; patients still use the name."),
    ("Isotrex", "isotretinoin", POM, SOURCE_SMPC, "Topical isotretinoin."),
    ("tretinoin", "", POM, SOURCE_SMPC, ""),
    ("Treclin", "clindamycin and tretinoin", POM, SOURCE_SMPC, ""),
    ("adapalene", "", POM, SOURCE_SMPC, ""),
    ("Differin", "adapalene", POM, SOURCE_SMPC, ""),
    ("Epiduo", "adapalene and benzoyl peroxide", POM, SOURCE_SMPC, ""),
    ("lymecycline", "", POM, SOURCE_SMPC, ""),
    ("doxycycline", "", POM, SOURCE_SMPC, ""),
    ("co-cyprindiol", "", POM, SOURCE_SMPC, ""),
    ("Dianette", "co-cyprindiol", POM, SOURCE_SMPC, ""),
    ("spironolactone", "", POM, SOURCE_SMPC, "Used off-label for acne."),
    ("Duac", "clindamycin and benzoyl peroxide", POM, SOURCE_SMPC, ""),
    ("azelaic acid", "", POM, SOURCE_SMPC,
     "The medicines (Skinoren, Finacea) are POM; cosmetics may contain it at low strength."),
    ("hydroquinone", "", POM, SOURCE_BNF, "Not allowed in cosmetics; medicinal use is POM."),
    ("tranexamic acid", "", VARIES, SOURCE_SMPC,
     "Tablets are POM; a pack for heavy periods (Cyklo-F) is P."),
    ("bimatoprost", "", POM, SOURCE_SMPC, "Advertised for eyelash growth; POM."),
    ("deoxycholic acid", "", POM, SOURCE_SMPC,
     "Uncertain: injectable products' UK licensing not checked."),
    # Local anaesthetics and dermal-filler adjuncts.
    ("lidocaine", "", VARIES, SOURCE_SMPC, "Injections are POM; creams and gels are P or GSL."),
    ("lignocaine", "lidocaine", VARIES, SOURCE_SMPC, "Former name of lidocaine."),
    ("Xylocaine", "lidocaine", VARIES, SOURCE_SMPC,
     "Injections are POM; uncertain: the status of other presentations."),
    ("prilocaine", "", VARIES, SOURCE_SMPC, "Injections (Citanest) are POM; EMLA cream is P."),
    ("EMLA", "lidocaine and prilocaine", P, SOURCE_SMPC, "Anaesthetic cream: not flagged."),
    ("articaine", "", POM, SOURCE_SMPC, ""),
    ("Septanest", "articaine", POM, SOURCE_SMPC, ""),
    ("bupivacaine", "", POM, SOURCE_SMPC, ""),
    ("Marcain", "bupivacaine", POM, SOURCE_SMPC, ""),
    ("hyaluronidase", "", POM, SOURCE_SMPC, "Used to dissolve hyaluronic acid fillers."),
    ("Hyalase", "hyaluronidase", POM, SOURCE_SMPC, ""),
    # Other medicines private clinics advertise.
    ("sildenafil", "", VARIES, SOURCE_SMPC, "Viagra is POM; Viagra Connect (50 mg) is P."),
    ("Viagra", "sildenafil", POM, SOURCE_SMPC, ""),
    ("Viagra Connect", "sildenafil", P, SOURCE_SMPC, "Sildenafil 50 mg from pharmacies: not flagged."),
    ("tadalafil", "", POM, SOURCE_SMPC,
     "Uncertain: whether a pharmacy (P) tadalafil is licensed in the UK."),
    ("Cialis", "tadalafil", POM, SOURCE_SMPC, ""),
    ("testosterone", "", POM, SOURCE_BNF, "Also a controlled drug (Schedule 4)."),
    ("Testogel", "testosterone", POM, SOURCE_SMPC, ""),
    ("Nebido", "testosterone", POM, SOURCE_SMPC, ""),
    ("melatonin", "", POM, SOURCE_BNF, "POM in the UK, unlike in some other countries."),
    ("Circadin", "melatonin", POM, SOURCE_SMPC, ""),
]


def seed(apps, schema_editor):
    ClaimPhrase = apps.get_model("lifecycle", "ClaimPhrase")
    HealthTerm = apps.get_model("lifecycle", "HealthTerm")
    Medicine = apps.get_model("lifecycle", "PrescriptionOnlyMedicine")
    ClaimPhrase.objects.filter(phrase__in=RETIRED_PHRASES).delete()
    for phrase, category, requires, strong, suggestion, reason in CLAIM_PHRASES:
        ClaimPhrase.objects.update_or_create(
            phrase=phrase,
            defaults={
                "category": category,
                "requires": requires,
                "strong": strong,
                "suggestion": suggestion,
                "reason": reason,
            },
        )
    for kind, terms in HEALTH_TERMS.items():
        for term in terms:
            HealthTerm.objects.get_or_create(term=term, defaults={"kind": kind})
    for name, substance, status, source, notes in MEDICINES:
        Medicine.objects.update_or_create(
            name__iexact=name,
            defaults={
                "name": name,
                "active_substance": substance,
                "legal_status": status,
                "source": source,
                "notes": notes,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("lifecycle", "0003_claims_checker_v2")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
