// Placeholder until the pages of mobile/qml/ land (helper mobqml owns this file).
import QtQuick
import QtQuick.Controls
import JejakKinerja

ApplicationWindow {
    width: 360
    height: 640
    visible: true
    title: qsTr("Jejak Kinerja")
    Label {
        anchors.centerIn: parent
        text: App.loggedIn ? App.name : qsTr("Belum masuk")
    }
}
