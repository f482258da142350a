"""axe-core in the browser tests: the WCAG 2.2 A/AA violations in the app's own content.

The app's own content is the main area and the sidebar's content (its widgets and text); Streamlit's own
chrome (the header and toolbar, the sidebar's page navigation and collapse button, the status widget) is
not the app's to fix and is left out. Each violation comes back as axe reports it (id, impact, help, nodes).
"""
from axe_playwright_python.sync_playwright import Axe

CONTENT = {"include": [['[data-testid="stMain"]'], ['[data-testid="stSidebarUserContent"]']],
           "exclude": [['[data-testid="stHeader"]'], ['[data-testid="stToolbar"]'], ['[data-testid="stStatusWidget"]'],
                       ['[data-testid="stSidebarNav"]']]}
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
         "resultTypes": ["violations"]}
_axe = Axe()


def violations(page) -> list:
    """axe-core's violations in the app's own content on the page as it is now."""
    present = [part for part in CONTENT["include"] if page.locator(part[0]).count()]
    return _axe.run(page, context={**CONTENT, "include": present}, options=RULES).response["violations"]


def described(found: list) -> str:
    """The violations as lines a failing test prints: rule, impact, what it asks and where."""
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:4]}"
                     for v in found)
