"""The REST API of the workbench: the public read API, ClaimReview, the Google Fact Check
Tools compatible search and the desk (staff) API. Views are thin: reads go through
``claims.api.selectors`` and writes through ``claims.services``.
"""
