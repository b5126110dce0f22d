"""Plugins that must also run when the livereload engine rebuilds part of a site.

Pelican sends its signals on a full run only. A partial rebuild
(``bantin.livereload.partial``) re-reads a few articles and rewrites a few pages,
so a plugin whose work depends on them registers here, for the stage it needs,
in its ``register()``; the engine calls every registered function in order:

- ``reading(settings)``: before the changed files are read again;
- ``regrouped(generator)``: the article generator's lists were rebuilt (all articles);
- ``documents(generator)``: a stand-in generator holding only the changed articles;
- ``written(generators, settings, output_path)``: after the pages that changed were written.

A plugin connected to Pelican's ``article_generator_finalized`` that registers
nothing here makes the engine run Pelican in full instead (``missing``), rather
than skip it in silence.
"""
STAGES = ("reading", "regrouped", "documents", "written")
_HOOKS = {stage: {} for stage in STAGES}  # dicts as ordered sets: register() runs per build


def register(stage, function, replaces=None):
    """Call ``function`` at ``stage`` of every partial rebuild.

    ``replaces``: the receiver of Pelican's signal that this stands in for (default:
    ``function`` itself), so the engine knows that receiver is covered.
    Example: register("regrouped", link_articles)
    """
    if stage not in _HOOKS:
        raise ValueError(f"unknown stage {stage!r}; use one of {', '.join(STAGES)}")
    _HOOKS[stage][function] = replaces or function


def run(stage, *args):
    for function in list(_HOOKS[stage]):
        function(*args)


def missing(receivers):
    """The receivers (of a Pelican signal) that no registered function stands in for."""
    covered = {replaced for hooks in _HOOKS.values() for replaced in hooks.values()}
    return [r for r in receivers if r not in covered]
