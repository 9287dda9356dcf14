"""The actor picker: completion by name or alias, scope, and what it reports as chosen."""


from curator.core.project import Project
from curator.ui.store.workspace import Workspace
from curator.ui.widgets.actor_picker import ActorIdRole, ActorPicker, NameRole


def _workspace(tmp_path, qtbot):
    project = Project.create(tmp_path / "p.curator", "tester")
    project.add_actor("Syrian Army", "armed force", ["SAA", "government forces"])
    project.add_actor("Aleppo", "place", ["Halab"])
    return Workspace(project)


def test_alias_finds_the_record_and_shows_its_name(tmp_path, qtbot):
    workspace = _workspace(tmp_path, qtbot)
    picker = ActorPicker(workspace)
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker, "saa")
    army = next(a.id for a in workspace.project.actors() if a.name == "Syrian Army")
    assert picker.chosen() == (army, "saa")
    completer = picker.completer()
    completer.setCompletionPrefix("SAA")
    index = completer.completionModel().index(0, 0)
    assert index.data(NameRole) == "Syrian Army"
    with qtbot.waitSignal(picker.picked) as picked:
        completer.activated[type(index)].emit(index)
    assert picked.args == [army]
    assert picker.text() == "Syrian Army"


def test_scope_and_new_names(tmp_path, qtbot):
    workspace = _workspace(tmp_path, qtbot)
    places = ActorPicker(workspace, scope="places")
    qtbot.addWidget(places)
    names = {places.completer().model().item(r).data(NameRole) for r in range(places.completer().model().rowCount())}
    assert names == {"Aleppo"}
    places.setText("  Syrian   Army ")
    assert places.chosen() == (None, "Syrian Army")  # not a place: a new name for this picker
    places.setText("halab")
    assert places.chosen()[0] == next(a.id for a in workspace.project.actors() if a.name == "Aleppo")
    places.setText("")
    assert places.chosen() == (None, "")
    actors = ActorPicker(workspace, scope="actors")
    qtbot.addWidget(actors)
    assert {actors.completer().model().item(r).data(ActorIdRole) for r in range(actors.completer().model().rowCount())} == {
        a.id for a in workspace.project.actors() if a.kind != "place"}
    actors.set_actor(next(a.id for a in workspace.project.actors() if a.kind != "place"))
    assert actors.text() == "Syrian Army"
    workspace.project.close()


def test_pickers_share_their_completions_and_follow_new_records(tmp_path, qtbot):
    workspace = _workspace(tmp_path, qtbot)
    first, second = ActorPicker(workspace), ActorPicker(workspace)
    places = ActorPicker(workspace, scope="places")
    for picker in (first, second, places):
        qtbot.addWidget(picker)
    assert first.completer().model() is second.completer().model()  # read once for both
    assert places.completer().model() is not first.completer().model()
    new_id = workspace.add_actor_record("Free Syrian Army", "armed force")  # says actorsChanged
    first.reload()
    second.setText("free syrian army")
    assert second.chosen() == (new_id, "free syrian army")  # the other picker knows it too
    names = {first.completer().model().item(r).data(NameRole)
             for r in range(first.completer().model().rowCount())}
    assert "Free Syrian Army" in names
    with Project.open(tmp_path / "p.curator") as other:  # the database agrees
        assert other.find_actor("Free Syrian Army") == new_id
