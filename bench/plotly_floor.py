"""The plotly floor: the least a page showing the network as the plotly chart it was drawn with can cost a click.

One button that takes a whole step and the network figure alone, sized as the Step page draws it at
1280x800 and handed to st.plotly_chart as the Step page hands it (ui.common.drawn, points clickable), for the network the
link's query names (the default without one); no sidebar, no other element. bench/click.py times it
beside the floor, the element's floor (figure_floor.py) and the app: Streamlit remounts a plotly chart
whose figure changed, so every click redraws the whole figure. Kept to show, in the same run, what the
element (ui.figure) saves over the chart the pages drew before it.
The keys are the Step page's (step_whole, step_fig).
"""
import floor_link  # first: the project ahead of bench/ on the path

from engine.teach.view import current  # noqa: E402
from ui.common import drawn, viewport  # noqa: E402
from viz.network import Look, spec  # noqa: E402

stepper = floor_link.stepper()
drawn.chart(spec(current(stepper), look=Look(digits=4, **viewport.figure_box(0.7, 230))),
            key="step_fig", on_select=lambda: None, selection_mode="points", config={"displayModeBar": False})
