// SPDX-License-Identifier: Apache-2.0
// The review state of an activity as a coloured chip, in the app's language.
import QtQuick
import "format.js" as Fmt

StateChip {
    property string workflow: ""
    visible: workflow !== ""
    tint: Fmt.workflowColor(workflow)
    text: {
        switch (workflow) {
        case "submitted": return qsTr("Menunggu keputusan");
        case "approved": return qsTr("Disetujui");
        case "returned": return qsTr("Dikembalikan");
        case "rejected": return qsTr("Ditolak");
        case "withdrawn": return qsTr("Ditarik");
        case "rated": return qsTr("Sudah dinilai");
        }
        return "";
    }
}
