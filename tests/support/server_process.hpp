// SPDX-License-Identifier: Apache-2.0
// Runs jejak-server as a child process for integration tests: spawn, wait for its port, signal, reap.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jejak::testing {

/// One child process whose stdout and stderr go to a log file. The destructor kills (SIGKILL) and reaps
/// a child that is still running, so a failing test never leaves a server behind.
class ServerProcess {
public:
    using Env = std::vector<std::pair<std::string, std::string>>;

    ServerProcess() = default;
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    /// Starts `executable args...` with the current environment plus `env`, output to logPath (truncated).
    /// Empty on success, else the reason.
    std::string spawn(const std::string& executable, const std::vector<std::string>& args, const std::string& logPath,
                      const Env& env = {});
    /// Waits for the log line `{"msg":"listening",...,"port":N}` and returns N; nullopt when the process
    /// exits or the timeout passes first.
    std::optional<std::uint16_t> waitForPort(std::chrono::milliseconds timeout = std::chrono::seconds(20));
    /// spawn() then waitForPort(). Empty on success, else the reason followed by the log.
    std::string start(const std::string& executable, const std::vector<std::string>& args, const std::string& logPath,
                      const Env& env = {});

    [[nodiscard]] std::uint16_t port() const noexcept { return m_port; }
    [[nodiscard]] pid_t pid() const noexcept { return m_pid; }
    [[nodiscard]] bool running() const noexcept { return m_pid > 0; }

    /// Sends a signal (e.g. SIGTERM); false when the process is gone.
    bool signal(int sig);
    /// Waits for the process to exit: its exit code, or 128 + the signal that killed it; nullopt on timeout
    /// (the process keeps running).
    std::optional<int> wait(std::chrono::milliseconds timeout);
    /// SIGKILL and reap.
    void kill();

    /// The whole log file.
    [[nodiscard]] std::string log() const;
    /// The log lines that contain `needle` (e.g. "\"msg\":\"request\"").
    [[nodiscard]] std::vector<std::string> logLines(std::string_view needle) const;

private:
    pid_t m_pid = -1;
    std::uint16_t m_port = 0;
    std::string m_logPath;
    std::optional<int> m_exitStatus;
};

} // namespace jejak::testing
