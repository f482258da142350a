"""axe-core over a page of the app: the violations in the app's own content.

`violations(page)` runs axe-core (the copy axe_playwright_python ships: nothing is downloaded) with all of
its rules, WCAG 2.0-2.2 A and AA and best practice alike, on the page as it is (wait until the app is
idle first), and returns [{"id", "impact", "help", "nodes": [{"target", "html", "why"}]}], each violation
listing only its nodes in the app's own content and none left without one.

Left out, and why: what Streamlit itself draws the same way in every app, which this app neither writes
nor can fix:
- the header bar (`stHeader`: toolbar, main menu, the running status) and the decoration line above it;
- the sidebar's collapse and expand buttons;
- the file uploader's drop zone, for one rule only: Streamlit marks the zone `role="presentation"` and
  also labels it, which axe calls a presentation-role conflict; the file input inside it is labelled and
  reachable, and every other rule still checks the zone;
- the portal Streamlit puts tooltips and popovers in (after a click the pointer rests on the button and
  its tooltip shows), for the landmark rule only: the portal sits outside `main` by Streamlit's design;
  the tooltip's text is still checked by every other rule.
Everything else counts: the sidebar's page links and every widget and text of the pages are the app's
(their labels, colours and focus come from its pages, its CSS and its `[theme]`), and page-level rules
(lang, title, one h1, landmarks) judge the document, which is the app's. axe itself skips
`aria-hidden` subtrees and off-screen measuring copies.
"""
from axe_playwright_python.sync_playwright import Axe

CHROME = ('[data-testid="stHeader"]', '[data-testid="stDecoration"]', '[data-testid="stSidebarCollapseButton"]',
          '[data-testid="stSidebarCollapsedControl"]')
STREAMLITS = {("presentation-role-conflict", 'data-testid="stFileUploaderDropzone"'),  # (rule, a node of Streamlit's
               ("region", 'id="stFloatingOverlayPortal"')}  # markup that rule is not applied to)

_AXE = Axe()
# Whether each node (axe's target: a selector, or a path of them through shadow roots and frames; the
# first is in the document) lies in the chrome. The whole document is checked, not a context that
# excludes the chrome: axe runs its page-level rules (one h1, one main landmark, a title) only then.
IN_CHROME = """([targets, chrome]) => targets.map(path => {
  const el = document.querySelector(Array.isArray(path[0]) ? path[0][0] : path[0]);
  return el !== null && el.closest(chrome) !== null; })"""


def _ours(rule: str, node: dict) -> bool:
    return not any(rule == theirs and marker in node["html"] for theirs, marker in STREAMLITS)


def violations(page, exclude: tuple = ()) -> list:
    """The axe-core violations in the app's own content on the page as it is now. exclude: CSS
    selectors of more elements to leave out (one that another test covers, said where it is called)."""
    result = _AXE.run(page, options={"resultTypes": ["violations"]}).response
    chrome = ", ".join(CHROME + tuple(exclude))
    found = []
    for v in result["violations"]:
        outside = page.evaluate(IN_CHROME, [[n["target"] for n in v["nodes"]], chrome])
        nodes = [{"target": n["target"], "html": n["html"][:300], "why": n.get("failureSummary", "")}
                 for n, theirs in zip(v["nodes"], outside) if not theirs and _ours(v["id"], n)]
        if nodes:
            found.append({"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": nodes})
    return found


def described(found: list) -> str:
    """The violations as lines a failing test prints."""
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(
        f"    {n['target']} {n['html'][:160]!r}\n      {n['why'][:300]}" for n in v["nodes"]) for v in found)
