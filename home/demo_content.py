"""The demo's words, kept apart from the loader so a writer can edit them. Written for the
demo, modelled on the structure of the clinic's old articles (sections, a numbered list of
reasons, research with references, tips, FAQs, a call to action, a disclaimer), and phrased
as the clinic's rules require: no promise that a treatment treats or cures."""

CLINIC = {
    "name": "Riverside Private GP Clinic",
    "address": "12 Example Mews\nLondon W4 1AA",
    "phone": "020 7946 0000",
    "email": "hello@clinic.example",
    "booking_url": "https://clinic.example/book",
    "reuse_terms_url": "https://clinic.example/terms/reuse",
}

TOPICS = [
    ("Fatigue", "fatigue", "Tiredness that lasts, and its medical causes."),
    ("Iron deficiency", "iron-deficiency", "Low iron stores, with or without anaemia."),
    ("ME/CFS", "me-cfs", "Myalgic encephalomyelitis / chronic fatigue syndrome."),
    ("Vitamin B12", "vitamin-b12", "B12 deficiency and its treatment."),
]

REFERENCES = {
    "vaucher": {
        "authors": "Vaucher P, Druais PL, Waldvogel S, Favrat B",
        "title": "Effect of iron supplementation on fatigue in nonanemic menstruating women "
        "with low ferritin: a randomized controlled trial",
        "journal": "CMAJ",
        "year": 2012,
        "volume": "184",
        "issue": "11",
        "pages": "1247-54",
        "doi": "10.1503/cmaj.110950",
    },
    "houston": {
        "authors": "Houston BL, Hurrie D, Graham J, Perija B, Rimmer E, Rabbani R, et al",
        "title": "Efficacy of iron supplementation on fatigue and physical capacity in "
        "non-anaemic iron-deficient adults: a systematic review of randomised controlled trials",
        "journal": "BMJ Open",
        "year": 2018,
        "volume": "8",
        "issue": "4",
        "pages": "e019240",
        "doi": "10.1136/bmjopen-2017-019240",
    },
    "nice_mecfs": {
        "authors": "National Institute for Health and Care Excellence",
        "title": "Myalgic encephalomyelitis (or encephalopathy)/chronic fatigue syndrome: "
        "diagnosis and management (NG206)",
        "journal": "NICE",
        "year": 2021,
        "url": "https://www.nice.org.uk/guidance/ng206",
    },
}

DISCLAIMERS = [
    {
        "title": "Not a substitute for medical advice",
        "kind": "medical_advice",
        "text": "<p>This article is general information written for patients. It is not a "
        "diagnosis or a treatment plan. Speak to a doctor about your own health.</p>",
        "required_for_all": True,
    },
    {
        "title": "Treatment claims",
        "kind": "treatment_claims",
        "text": "<p>We do not claim that any treatment described here treats or cures a "
        "disease. The evidence is still developing and results differ from person to "
        "person.</p>",
        "required_for_all": True,
    },
]

SHARED_FAQS = [
    (
        "Do I need a referral to see one of your doctors?",
        "<p>No. You can book an appointment directly. If you have a letter or test results "
        "from another doctor, please bring them.</p>",
    ),
    (
        "Will you share my results with my NHS GP?",
        "<p>Only if you agree. We will ask you at your appointment.</p>",
    ),
]

IRON_ARTICLE = {
    "title": "Iron, tiredness and ME/CFS: when might an iron infusion be considered?",
    "slug": "iron-infusions-and-fatigue",
    "summary": "Low iron can add to the exhaustion of ME/CFS. We explain how iron deficiency "
    "is found, how an infusion differs from tablets, and what the research does and does not "
    "show.",
    "topics": ["fatigue", "iron-deficiency", "me-cfs"],
    "references": ["vaucher", "houston", "nice_mecfs"],
    "body": [
        (
            "paragraph",
            "<p>ME/CFS brings a tiredness that sleep does not fix, often with "
            "aching muscles and trouble thinking clearly. Finding what helps can take a long "
            "time.</p>",
        ),
        (
            "paragraph",
            "<p>Some people with ME/CFS also have low iron stores. For them, "
            "putting the iron back may ease one of the things that adds to their tiredness. "
            "This article looks at when an iron infusion is an option and what the evidence "
            "says.</p>",
        ),
        ("heading", "What ME/CFS is"),
        (
            "paragraph",
            "<p>Myalgic encephalomyelitis, also called chronic fatigue syndrome, "
            "is a long-term condition. Its main feature is exhaustion that gets worse after "
            "activity and does not go away with rest. Its cause is not yet understood; "
            "infections, the immune system and hormones are all being studied.</p>",
        ),
        ("heading", "Where iron comes in"),
        (
            "paragraph",
            "<p>Your body needs iron to make haemoglobin, which carries oxygen in "
            "the blood. When iron stores run low, tiredness is one of the first signs. Low iron "
            "does not cause ME/CFS, but in someone who has both, it can make the tiredness "
            "worse.</p>",
        ),
        ("heading", "How an iron infusion is given"),
        (
            "paragraph",
            "<p>An infusion puts iron into a vein through a drip, usually over "
            "15 to 30 minutes in the clinic. Because it skips the gut, it can restore iron "
            "stores faster than tablets.</p>",
        ),
        ("heading", "When a drip may be chosen over tablets"),
        (
            "paragraph",
            "<p>Tablets are the usual first step. Some people cannot take them "
            "because of stomach upset or constipation, or do not absorb them well. For them, "
            "a doctor may suggest an infusion instead.</p>",
        ),
        ("heading", "Five ways restoring iron may help"),
        (
            "numbered_list",
            [
                (
                    "Oxygen transport",
                    "<p>Iron is part of haemoglobin, so enough iron lets the "
                    "blood carry oxygen to the muscles and brain.</p>",
                ),
                (
                    "Energy in the cells",
                    "<p>Iron is used in the chain of reactions that makes "
                    "ATP, the energy store of every cell.</p>",
                ),
                (
                    "Concentration",
                    "<p>Some people with low iron find their thinking clearer "
                    "once their levels are back to normal.</p>",
                ),
                (
                    "No daily tablets",
                    "<p>One or two infusions can replace months of tablets for "
                    "people who cannot tolerate them.</p>",
                ),
                (
                    "Effects that may last",
                    "<p>Once stores are full they can stay so for months, "
                    "though this differs from person to person.</p>",
                ),
            ],
        ),
        ("heading", "What the research says"),
        (
            "paragraph",
            "<p>There is little research on iron infusions in ME/CFS itself. "
            "Studies in other groups give some context:</p>",
        ),
        (
            "numbered_list",
            [
                (
                    "",
                    "<p>A randomised trial in women with low ferritin but no anaemia found that "
                    "iron reduced fatigue more than placebo [1].</p>",
                ),
                (
                    "",
                    "<p>A systematic review of trials in iron-deficient adults without anaemia "
                    "found iron may improve fatigue, with uncertain certainty of evidence [2].</p>",
                ),
            ],
        ),
        (
            "paragraph",
            "<p>NICE guidance on ME/CFS recommends that any treatment plan is "
            "agreed with a doctor and based on your own symptoms and test results [3].</p>",
        ),
        ("heading", "What doctors have seen"),
        (
            "paragraph",
            "<p>Doctors describe some patients with low iron and ME/CFS feeling "
            "less tired after treatment. These are individual reports, not trial results, and "
            "better studies are needed.</p>",
        ),
        ("heading", "If you are thinking about an iron infusion"),
        (
            "bulleted_list",
            [
                (
                    "See a doctor first",
                    "<p>A doctor can tell whether iron is likely to help you.</p>",
                ),
                (
                    "Have a blood test",
                    "<p>Ask for a full iron profile, including ferritin, "
                    "which shows your stored iron.</p>",
                ),
                (
                    "Know the side effects",
                    "<p>Headache, dizziness and feeling sick can happen. "
                    "Serious allergic reactions are rare, which is why infusions are given where "
                    "they can be treated.</p>",
                ),
                (
                    "Check your levels again",
                    "<p>A follow-up blood test shows whether your iron has stayed up.</p>",
                ),
            ],
        ),
        (
            "faq_section",
            [
                (
                    "What happens during an iron infusion?",
                    "<p>A nurse or doctor places a small tube in a vein and the iron runs in "
                    "slowly through a drip. You stay for observation afterwards.</p>",
                ),
                (
                    "Is an iron infusion safe?",
                    "<p>Side effects are usually mild and short-lived. Rarely, a serious allergic "
                    "reaction occurs, so infusions are only given under medical supervision.</p>",
                ),
                (
                    "How soon might I notice a difference?",
                    "<p>Some people notice a change within a few weeks; for others it takes "
                    "longer, and some notice none.</p>",
                ),
                (
                    "How long does the effect last?",
                    "<p>It depends on why your iron was low. A blood test after a few months "
                    "tells you and your doctor.</p>",
                ),
                (
                    "Can I have an infusion at your London clinic?",
                    "<p>Yes, after a consultation with one of our doctors, if a blood test shows "
                    "that iron treatment is appropriate for you.</p>",
                ),
            ],
        ),
        (
            "call_to_action",
            "If tiredness is holding you back, talk to one of our doctors "
            "about what might be behind it and which tests could help.",
        ),
    ],
}

B12_ARTICLE = {
    "title": "Vitamin B12 and tiredness: who is tested and how it is treated",
    "slug": "vitamin-b12-and-tiredness",
    "summary": "Low vitamin B12 is one of the treatable causes of tiredness. We explain who "
    "is at risk, how it is found and how it is treated.",
    "topics": ["fatigue", "vitamin-b12"],
    "references": ["nice_mecfs"],
    "body": [
        (
            "paragraph",
            "<p>Vitamin B12 helps make red blood cells and keeps nerves healthy. "
            "When it runs low, tiredness often comes first.</p>",
        ),
        ("heading", "Who is more likely to run low"),
        (
            "bulleted_list",
            [
                ("", "<p>People who eat no animal products.</p>"),
                ("", "<p>People taking some long-term medicines, such as metformin.</p>"),
                ("", "<p>People with conditions of the stomach or gut.</p>"),
            ],
        ),
        ("heading", "How it is treated"),
        (
            "paragraph",
            "<p>Depending on the cause, treatment is with tablets or injections. "
            "Your doctor will explain which suits you [1].</p>",
        ),
        (
            "faq_section",
            [
                (
                    "How is B12 deficiency found?",
                    "<p>With a blood test, sometimes with further tests to find the cause.</p>",
                ),
            ],
        ),
        ("call_to_action", "Book a consultation to talk about your symptoms and tests."),
    ],
}
