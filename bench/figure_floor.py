"""The figure floor: the least a page showing the Step page's network figure can cost a click.

One button that takes a whole step and the network element alone (ui.figure), sized as the Step page
draws it at 1280x800, selectable as there, for the network the link's query names (the default without
one); no sidebar, no other element. bench/click.py times it beside the floor and the app: what the
element costs the server (its payload) and the browser (updating it in place) bounds the app's ratio
from below. The keys are the Step page's (step_whole, step_fig).
"""
import floor_link  # first: the project ahead of bench/ on the path

from engine.teach.view import current  # noqa: E402
from ui import figure  # noqa: E402
from ui.common import viewport  # noqa: E402
from viz.element import payload  # noqa: E402

stepper = floor_link.stepper()
figure.draw(payload(current(stepper), digits=4, **viewport.figure_box(0.7, 230)), "step_fig",
            lambda: None)
