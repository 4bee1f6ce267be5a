// SPDX-License-Identifier: Apache-2.0
// Caller: the authenticated session behind a request.
#pragma once

#include <string>

namespace jejak::server {

/// Who is calling: the authenticated session behind a request. Handlers authorize on `nip` only;
/// nothing else in a request body says who the caller is.
struct Caller {
    std::string nip;       ///< the employee
    std::string deviceId;  ///< the device the session was opened on
    std::string sessionId; ///< stable id of the session (hex of the first 8 bytes of the token hash)
};

} // namespace jejak::server
