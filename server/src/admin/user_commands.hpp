// SPDX-License-Identifier: Apache-2.0
// jejak-admin `user add` and `user passwd`: create a login account, set its password.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace jejak::server {

/// Exit statuses of the user commands.
inline constexpr int kUserCommandOk = 0;
inline constexpr int kUserCommandRefused = 1; ///< the request was understood and refused, or storage failed
inline constexpr int kUserCommandUsage = 2;   ///< bad arguments

/// The smallest password the commands accept, in bytes.
inline constexpr std::size_t kMinAdminPasswordBytes = 8;

/// `user add --nip NIP [--data-dir DIR] [--password-ops-limit N] [--password-mem-limit-kib KIB]`.
/// Creates the login account of an employee of the imported reference data (a ref_entity row of kind
/// 'employee') that has none yet, with the password read as one line from `in` (never from the
/// arguments, which other users can see in the process list). DIR defaults to ./jejak-data and must hold
/// jejak.db already. The password cost defaults to Argon2id interactive (password.hpp). Prints one line
/// to `out` on success, the reason to `err` otherwise. `args` follow "user add".
int runUserAdd(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

/// `user passwd --nip NIP [--data-dir DIR] [--password-ops-limit N] [--password-mem-limit-kib KIB]`.
/// Sets a new password (one line from `in`) for an existing account and revokes all its sessions, so
/// every device has to log in again (a running server notices within its session cache lifetime, 60 s).
int runUserPasswd(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                  std::ostream& err);

} // namespace jejak::server
