"""The network on stage: the phase line, the figure and the Selected panel, for the Step page, the presenter view and the Lessons page."""
