// SPDX-License-Identifier: Apache-2.0
// jejak-admin user add / user passwd over SqliteAccountStore.
#include "admin/user_commands.hpp"

#include "admin/admin_args.hpp"

#include "auth/password.hpp"
#include "auth/sqlite_account_store.hpp"

#include "jejak/shared/nip.hpp"
#include "jejak/shared/sqlite.hpp"

#include <charconv>
#include <filesystem>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <variant>

namespace jejak::server {

namespace {

/// What both commands are told.
struct UserArgs {
    std::string dataDir = "./jejak-data";
    std::string nip;
    PasswordParams password = kInteractivePassword;
};

std::optional<std::uint64_t> parseCount(std::string_view text, std::uint64_t min, std::uint64_t max) {
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty() || v < min || v > max) {
        return std::nullopt;
    }
    return v;
}

/// Parses `--name value` / `--name=value` options; the reason on failure.
std::optional<std::string> parseArgs(const std::vector<std::string>& args, UserArgs& out) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (!arg.starts_with("--")) {
            return "unexpected argument '" + arg + "'";
        }
        std::string name;
        std::string value;
        if (!splitAdminOption(args, i, name, value)) {
            return "missing value for --" + name;
        }
        if (name == "data-dir") {
            out.dataDir = value;
        } else if (name == "nip") {
            out.nip = value;
        } else if (name == "password-ops-limit") {
            const auto v = parseCount(value, kMinPasswordOpsLimit, 64);
            if (!v)
                return "--password-ops-limit expects an integer in 1..64";
            out.password.opsLimit = *v;
        } else if (name == "password-mem-limit-kib") {
            const auto v = parseCount(value, kMinPasswordMemLimitBytes / 1024, 4ULL * 1024 * 1024);
            if (!v)
                return "--password-mem-limit-kib expects an integer in 8..4194304";
            out.password.memLimitBytes = static_cast<std::size_t>(*v * 1024);
        } else if (name == "password") {
            return "the password is read from standard input, never from the command line";
        } else {
            return "unknown option --" + name;
        }
    }
    if (out.nip.empty()) {
        return "--nip is required";
    }
    if (out.dataDir.empty()) {
        return "--data-dir must not be empty";
    }
    return std::nullopt;
}

/// One line of standard input without its line ending; nullopt at end of input.
std::optional<std::string> readPasswordLine(std::istream& in) {
    std::string line;
    if (!std::getline(in, line)) {
        return std::nullopt;
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

/// Whether the imported reference data has an employee with this NIP (a ref_entity row of kind 'employee').
shared::Result<bool> isReferenceEmployee(const std::string& databasePath, std::string_view nip) {
    auto db = shared::sqlite::Database::open(databasePath);
    if (!db) {
        return std::move(db).error();
    }
    auto query = db->prepare("SELECT 1 FROM ref_entity WHERE kind = 'employee' AND id = ?");
    if (!query) {
        return std::move(query).error();
    }
    if (auto bound = query->bindAll(nip); !bound) {
        return std::move(bound).error();
    }
    return query->step();
}

/// Everything the two commands share before they differ: arguments, NIP, database, password.
struct Prepared {
    std::string nip;
    std::string databasePath;
    std::unique_ptr<SqliteAccountStore> store;
    std::string passwordHash;
};

/// Returns the exit status on failure (after telling `err` why), or the prepared state.
std::variant<int, Prepared> prepare(const char* command, const std::vector<std::string>& args,
                                    std::istream& in, std::ostream& err, bool needsReference) {
    UserArgs parsed;
    if (auto bad = parseArgs(args, parsed)) {
        err << "jejak-admin " << command << ": " << *bad << "\n"
            << "usage: jejak-admin " << command
            << " --nip NIP [--data-dir DIR] [--password-ops-limit N] [--password-mem-limit-kib KIB]"
               " < password-line\n";
        return kUserCommandUsage;
    }
    auto nip = shared::parseNip(parsed.nip);
    if (!nip) {
        err << "jejak-admin " << command << ": " << shared::toString(nip.error()) << "\n";
        return kUserCommandRefused;
    }
    Prepared p;
    p.nip = nip->digits;
    p.databasePath = (std::filesystem::path(parsed.dataDir) / "jejak.db").string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(p.databasePath, ec)) {
        err << "jejak-admin " << command << ": no database at " << p.databasePath
            << " (create it with init-db and import the reference data first)\n";
        return kUserCommandRefused;
    }
    auto store = SqliteAccountStore::open(p.databasePath);
    if (!store) {
        err << "jejak-admin " << command << ": " << shared::toString(store.error()) << "\n";
        return kUserCommandRefused;
    }
    p.store = std::move(*store);

    if (needsReference) {
        const auto found = isReferenceEmployee(p.databasePath, p.nip);
        if (!found) {
            err << "jejak-admin " << command << ": " << shared::toString(found.error()) << "\n";
            return kUserCommandRefused;
        }
        if (!*found) {
            err << "jejak-admin " << command << ": NIP " << p.nip
                << " is not an employee of the imported reference data\n";
            return kUserCommandRefused;
        }
    }
    auto account = p.store->findAccount(p.nip);
    if (!account) {
        err << "jejak-admin " << command << ": " << shared::toString(account.error()) << "\n";
        return kUserCommandRefused;
    }
    if (needsReference && *account) {
        err << "jejak-admin " << command << ": NIP " << p.nip
            << " already has an account (use user passwd)\n";
        return kUserCommandRefused;
    }
    if (!needsReference && !*account) {
        err << "jejak-admin " << command << ": NIP " << p.nip << " has no account (use user add)\n";
        return kUserCommandRefused;
    }

    const auto password = readPasswordLine(in);
    if (!password || password->size() < kMinAdminPasswordBytes || password->size() > kMaxPasswordBytes) {
        err << "jejak-admin " << command << ": expected the password as one line on standard input, "
            << kMinAdminPasswordBytes << " to " << kMaxPasswordBytes << " bytes\n";
        return kUserCommandRefused;
    }
    auto hash = hashPassword(*password, parsed.password);
    if (!hash) {
        err << "jejak-admin " << command << ": " << shared::toString(hash.error()) << "\n";
        return kUserCommandRefused;
    }
    p.passwordHash = std::move(*hash);
    return p;
}

} // namespace

int runUserAdd(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
    auto prepared = prepare("user add", args, in, err, true);
    if (const int* status = std::get_if<int>(&prepared)) {
        return *status;
    }
    Prepared& p = std::get<Prepared>(prepared);
    const Account account{p.nip, p.passwordHash, shared::SystemClock().now(), false};
    if (auto created = p.store->createAccount(account); !created) {
        err << "jejak-admin user add: " << shared::toString(created.error()) << "\n";
        return kUserCommandRefused;
    }
    out << "account created for NIP " << p.nip << "\n";
    return kUserCommandOk;
}

int runUserPasswd(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                  std::ostream& err) {
    auto prepared = prepare("user passwd", args, in, err, false);
    if (const int* status = std::get_if<int>(&prepared)) {
        return *status;
    }
    Prepared& p = std::get<Prepared>(prepared);
    if (auto set = p.store->setPasswordHash(p.nip, p.passwordHash); !set) {
        err << "jejak-admin user passwd: " << shared::toString(set.error()) << "\n";
        return kUserCommandRefused;
    }
    auto revoked = p.store->revokeAllSessions(p.nip, shared::SystemClock().now());
    if (!revoked) {
        err << "jejak-admin user passwd: password changed, but revoking the sessions failed: "
            << shared::toString(revoked.error()) << "\n";
        return kUserCommandRefused;
    }
    out << "password changed for NIP " << p.nip << "; " << revoked->size() << " session(s) revoked\n";
    return kUserCommandOk;
}

} // namespace jejak::server
