from wagtail.admin.panels import FieldPanel, HelpPanel

# The review tab of every medical page: what the last clinician approval recorded, shown
# read-only because only an approval may change it.
review_panels = [
    HelpPanel(
        content="These dates are set when a clinician approves the page. "
        "Edit the interval to review this page more often than the clinic's default."
    ),
    FieldPanel("reviewed_by", read_only=True),
    FieldPanel("last_reviewed", read_only=True),
    FieldPanel("next_review_due", read_only=True),
    FieldPanel("review_interval_months"),
]
