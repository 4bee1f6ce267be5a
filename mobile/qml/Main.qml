// SPDX-License-Identifier: Apache-2.0
// The window: login until there is a session, then a header with the role-aware navigation drawer, the
// page stack and the sync status bar. One person may be anggota, Ketua Tim and appraiser at once and sees
// the sections of every role.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import JejakKinerja

ApplicationWindow {
    id: window
    width: 360
    height: 640
    visible: true
    title: qsTr("Jejak Kinerja")

    Material.theme: Material.Light
    Material.primary: "#00695C"
    Material.accent: "#00897B"
    font.pixelSize: 15

    // On a landscape tablet the navigation stays open beside the pages.
    readonly property bool sideNav: App.loggedIn && width >= 900
    // The sections this person's roles open, in drawer order.
    readonly property var sections: {
        var list = [{ key: "activities", title: qsTr("Kegiatan Saya"), symbol: "✎" },
                    { key: "progress", title: qsTr("Progres SKP"), symbol: "▤" }];
        if (App.isKetua)
            list.push({ key: "inbox", title: qsTr("Persetujuan Tim"), symbol: "✓" });
        if (App.isAppraiser)
            list.push({ key: "appraisals", title: qsTr("Penilaian Kinerja"), symbol: "★" });
        list.push({ key: "settings", title: qsTr("Pengaturan"), symbol: "⚙" });
        return list;
    }
    property string section: ""

    function pageUrl(key) {
        switch (key) {
        case "activities": return Qt.resolvedUrl("ActivitiesPage.qml");
        case "progress": return Qt.resolvedUrl("ProgressPage.qml");
        case "inbox": return Qt.resolvedUrl("InboxPage.qml");
        case "appraisals": return Qt.resolvedUrl("AppraisalPage.qml");
        case "settings": return Qt.resolvedUrl("SettingsPage.qml");
        }
        return Qt.resolvedUrl("LoginPage.qml");
    }
    function openSection(key, operation) {
        section = key;
        stack.clear(StackView.Immediate);
        stack.push(pageUrl(key), {}, operation === undefined ? StackView.Immediate : operation);
    }
    function reset() {
        if (App.loggedIn) {
            openSection("activities");
        } else {
            section = "";
            stack.clear(StackView.Immediate);
            stack.push(pageUrl("login"), {}, StackView.Immediate);
        }
    }

    // The pages `jejak-mobile --screenshot-dir` renders for the logged-in roles, in order.
    function screenshotPages() {
        if (!App.loggedIn)
            return ["login"];
        var pages = ["activities", "activity-form", "activity-detail", "progress"];
        if (App.isKetua)
            pages.push("inbox", "photo");
        if (App.isAppraiser)
            pages.push("appraisals", "rating", "evaluation", "feedback");
        pages.push("settings");
        return pages;
    }
    // Shows one of screenshotPages() without animation; false when the demo data has nothing to show there.
    function showScreenshot(key) {
        var own = App.myActivities;
        var inbox = App.inbox;
        var appraisals = App.appraisals;
        switch (key) {
        case "login":
        case "activities":
        case "progress":
        case "inbox":
        case "appraisals":
        case "settings":
            openSection(key);
            return true;
        case "activity-form":
            openSection("activities");
            stack.push(Qt.resolvedUrl("ActivityFormPage.qml"),
                       { activityId: own.count > 0 && own.get(0).syncState === "returned" ? own.get(0).activityId : "" },
                       StackView.Immediate);
            return true;
        case "activity-detail":
            if (own.count === 0)
                return false;
            openSection("activities");
            stack.push(Qt.resolvedUrl("ActivityDetailPage.qml"), { activity: own.get(0) }, StackView.Immediate);
            return true;
        case "photo":
            for (var i = 0; i < inbox.count; ++i) {
                var withPhoto = inbox.get(i);
                if (withPhoto.photos.length > 0) {
                    openSection("inbox");
                    stack.push(Qt.resolvedUrl("PhotoViewer.qml"), { photos: withPhoto.photos, title: withPhoto.name },
                               StackView.Immediate);
                    return true;
                }
            }
            return false;
        case "rating":
        case "feedback":
            if (appraisals.count === 0)
                return false;
            openSection("appraisals");
            var rated = appraisals.get(0);
            for (var r = 0; r < appraisals.count; ++r) {
                if (appraisals.get(r).rating.value === undefined) {
                    rated = appraisals.get(r);
                    break;
                }
            }
            if (key === "rating")
                stack.push(Qt.resolvedUrl("RatingPage.qml"), { activity: rated }, StackView.Immediate);
            else
                stack.push(Qt.resolvedUrl("FeedbackPage.qml"),
                           { skpItemId: rated.skpItemId, skpItemName: rated.skpItemName }, StackView.Immediate);
            return true;
        case "evaluation":
            if (appraisals.count === 0)
                return false;
            openSection("appraisals");
            var person = appraisals.get(0);
            stack.push(Qt.resolvedUrl("EvaluationPage.qml"),
                       { employeeNip: person.authorNip, employeeName: person.authorName, referenceDate: person.start }, StackView.Immediate);
            return true;
        }
        return false;
    }

    readonly property bool loggedIn: App.loggedIn
    onLoggedInChanged: reset()
    Component.onCompleted: reset()

    header: ToolBar {
        visible: App.loggedIn
        Material.foreground: "white"
        RowLayout {
            anchors.fill: parent
            spacing: 0
            ToolButton {
                id: navButton
                objectName: "navButton"
                visible: stack.depth > 1 || !window.sideNav
                text: stack.depth > 1 ? "‹" : "☰"
                font.pixelSize: 24
                Layout.preferredWidth: 56
                Layout.fillHeight: true
                onClicked: stack.depth > 1 ? stack.pop() : drawer.open()
            }
            Label {
                Layout.fillWidth: true
                Layout.leftMargin: navButton.visible ? 0 : 16
                text: stack.currentItem && stack.currentItem.title !== undefined ? stack.currentItem.title : ""
                font.pixelSize: 19
                font.bold: true
                elide: Text.ElideRight
                verticalAlignment: Text.AlignVCenter
            }
            Repeater {
                model: stack.currentItem && stack.currentItem.toolActions !== undefined ? stack.currentItem.toolActions : []
                delegate: ToolButton {
                    required property var modelData
                    action: modelData
                    font.pixelSize: 14
                }
            }
        }
    }

    footer: SyncStatusBar {
        visible: App.loggedIn
    }

    Drawer {
        id: drawer
        width: Math.min(window.width * 0.82, 320)
        height: window.height - (window.sideNav ? window.header.height + window.footer.height : 0)
        y: window.sideNav ? window.header.height : 0
        modal: !window.sideNav
        closePolicy: window.sideNav ? Popup.NoAutoClose : Popup.CloseOnEscape | Popup.CloseOnPressOutside
        interactive: !window.sideNav && App.loggedIn && stack.depth <= 1
        position: window.sideNav ? 1 : 0
        visible: window.sideNav

        ColumnLayout {
            anchors.fill: parent
            spacing: 0

            Pane {
                Layout.fillWidth: true
                padding: 20
                background: Rectangle { color: "#00695C" }
                ColumnLayout {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    spacing: 4
                    Label {
                        Layout.fillWidth: true
                        text: App.name
                        color: "white"
                        font.pixelSize: 18
                        font.bold: true
                        wrapMode: Text.Wrap
                    }
                    Label {
                        text: qsTr("NIP %1").arg(App.nip)
                        color: "#B2DFDB"
                        font.pixelSize: 13
                    }
                    Label {
                        Layout.fillWidth: true
                        text: {
                            var roles = [qsTr("Anggota tim")];
                            if (App.isKetua)
                                roles.push(qsTr("Ketua Tim"));
                            if (App.isAppraiser)
                                roles.push(qsTr("Pejabat Penilai Kinerja"));
                            return roles.join(" · ");
                        }
                        color: "#E0F2F1"
                        font.pixelSize: 13
                        wrapMode: Text.Wrap
                    }
                }
            }
            Repeater {
                model: window.sections
                delegate: ItemDelegate {
                    required property var modelData
                    objectName: "nav-" + modelData.key
                    Layout.fillWidth: true
                    Layout.preferredHeight: 56
                    highlighted: window.section === modelData.key
                    text: modelData.symbol + "   " + modelData.title
                    font.pixelSize: 16
                    onClicked: {
                        window.openSection(modelData.key, StackView.ReplaceTransition);
                        if (!window.sideNav)
                            drawer.close();
                    }
                }
            }
            Item {
                Layout.fillHeight: true
            }
        }
    }

    StackView {
        id: stack
        anchors.fill: parent
        anchors.leftMargin: window.sideNav ? drawer.width : 0
    }
}
