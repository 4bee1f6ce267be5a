// SPDX-License-Identifier: Apache-2.0
// The footer on every page after login: online or offline, what is still queued, upload progress in bytes,
// the last sync and the last error, and "sync now".
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import JejakKinerja
import "format.js" as Fmt

Pane {
    id: bar
    padding: 0
    topPadding: 6
    bottomPadding: 6
    leftPadding: 12
    rightPadding: 8
    Material.elevation: 6
    background: Rectangle {
        color: App.lastError !== "" ? "#FFEBEE" : (App.online ? "#F1F8E9" : "#ECEFF1")
        Rectangle {
            width: parent.width
            height: 1
            color: "#CFD8DC"
        }
    }

    readonly property string statusText: {
        if (App.syncing)
            return qsTr("Menyinkronkan…");
        return App.online ? qsTr("Daring") : qsTr("Luring");
    }
    readonly property string detailText: {
        var parts = [];
        if (App.queuedCount > 0)
            parts.push(qsTr("%n menunggu dikirim", "", App.queuedCount));
        else
            parts.push(qsTr("Semua terkirim"));
        if (App.syncing && App.bytesTotal > 0)
            parts.push(qsTr("%1 dari %2").arg(Fmt.bytes(App.bytesSent, App.language)).arg(Fmt.bytes(App.bytesTotal, App.language)));
        else if (!isNaN(App.lastSync.getTime()))
            parts.push(qsTr("sinkron %1").arg(Fmt.dateTime(App.lastSync, App.language)));
        else
            parts.push(qsTr("belum pernah sinkron"));
        return parts.join(" · ");
    }

    contentItem: RowLayout {
        spacing: 10
        Rectangle {
            objectName: "onlineDot"
            Layout.alignment: Qt.AlignVCenter
            width: 12
            height: 12
            radius: 6
            color: App.online ? "#43A047" : "#9E9E9E"
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            Label {
                objectName: "syncStatus"
                Layout.fillWidth: true
                text: bar.statusText
                font.pixelSize: 14
                font.bold: true
                elide: Text.ElideRight
            }
            Label {
                objectName: "syncDetail"
                Layout.fillWidth: true
                text: bar.detailText
                font.pixelSize: 12
                color: "#455A64"
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
            }
            ProgressBar {
                Layout.fillWidth: true
                visible: App.syncing && App.bytesTotal > 0
                from: 0
                to: Math.max(1, App.bytesTotal)
                value: App.bytesSent
            }
            Label {
                objectName: "syncError"
                Layout.fillWidth: true
                visible: App.lastError !== ""
                text: App.lastError
                font.pixelSize: 12
                color: "#C62828"
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
            }
        }
        Button {
            objectName: "syncNow"
            text: qsTr("Sinkronkan")
            enabled: !App.syncing
            flat: true
            Material.foreground: Material.primaryColor
            onClicked: App.syncNow()
        }
    }
}
