// SPDX-License-Identifier: Apache-2.0
// jejak-field: the headless field client's commands over the sync engine (docs/field-client.md).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace jejak::field {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 1;  ///< unknown command or option, missing or malformed value
inline constexpr int kExitFailed = 2; ///< the command ran and failed (the message names the error code)

/// Runs `jejak-field args...` (without the program name): `--data DIR [--clock-start RFC3339] COMMAND ...`.
/// Reads the password of `login` as one line from `in`; writes results to `out`, messages (Indonesian,
/// with the stable error code) to `err`. Returns the exit status. `watch` also ends on SIGINT or SIGTERM.
int runFieldClient(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                   std::ostream& err);

} // namespace jejak::field
