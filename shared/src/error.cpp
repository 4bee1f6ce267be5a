// SPDX-License-Identifier: Apache-2.0
#include "jejak/shared/error.hpp"

#include <array>

namespace jejak::shared {
namespace {

struct Entry {
    std::string_view code;
    bool transient;
    std::string_view id;
    std::string_view en;
};

constexpr std::array kEntries = {
#define JEJAK_ERROR(name, code, transient, id, en) Entry{code, transient, id, en},
#include "jejak/shared/error_codes.def"
#undef JEJAK_ERROR
};

const Entry& entry(ErrorCode code) noexcept { return kEntries[static_cast<std::size_t>(code)]; }

} // namespace

std::string_view codeString(ErrorCode code) noexcept { return entry(code).code; }

bool parseErrorCode(std::string_view text, ErrorCode& out) noexcept {
    for (std::size_t i = 0; i < kEntries.size(); ++i) {
        if (kEntries[i].code == text) {
            out = static_cast<ErrorCode>(i);
            return true;
        }
    }
    return false;
}

bool isTransient(ErrorCode code) noexcept { return entry(code).transient; }

std::string_view userMessage(ErrorCode code, Language lang) noexcept {
    return lang == Language::Indonesian ? entry(code).id : entry(code).en;
}

std::string toString(const Error& e) {
    std::string s(codeString(e.code));
    if (!e.field.empty()) {
        s += " at ";
        s += e.field;
    }
    if (!e.message.empty()) {
        s += ": ";
        s += e.message;
    }
    return s;
}

} // namespace jejak::shared
