// SPDX-License-Identifier: Apache-2.0
// fork/exec of the server under test, port discovery from its JSON log, signals and reaping.
#include "support/server_process.hpp"

#include <boost/json.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace jejak::testing {

ServerProcess::~ServerProcess() { kill(); }

std::string ServerProcess::spawn(const std::string& executable, const std::vector<std::string>& args,
                                 const std::string& logPath, const Env& env) {
    if (running()) {
        return "already running";
    }
    m_logPath = logPath;
    m_port = 0;
    m_exitStatus.reset();
    const int logFd = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (logFd < 0) {
        return "cannot open log " + logPath;
    }
    std::vector<std::string> argvStrings{executable};
    argvStrings.insert(argvStrings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : argvStrings) {
        argv.push_back(s.data());
    }
    argv.push_back(nullptr);

    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(logFd);
        return "fork failed";
    }
    if (pid == 0) {
        ::dup2(logFd, STDOUT_FILENO);
        ::dup2(logFd, STDERR_FILENO);
        // Nothing else of the test process: an inherited socket (a client connection, a FaultProxy
        // listener) would stay open in the child after the test closed its copy.
        ::close_range(3, ~0U, 0);
        for (const auto& [name, value] : env) {
            ::setenv(name.c_str(), value.c_str(), 1);
        }
        ::execv(executable.c_str(), argv.data());
        ::_exit(127);
    }
    ::close(logFd);
    m_pid = pid;
    return {};
}

std::optional<std::uint16_t> ServerProcess::waitForPort(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        for (const std::string& line : logLines("\"msg\":\"listening\"")) {
            boost::system::error_code ec;
            const auto value = boost::json::parse(line, ec);
            if (!ec && value.is_object() && value.as_object().contains("port")) {
                m_port = static_cast<std::uint16_t>(value.at("port").to_number<unsigned>());
                return m_port;
            }
        }
        if (wait(std::chrono::milliseconds(0))) {
            return std::nullopt; // exited before listening
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::nullopt;
}

std::string ServerProcess::start(const std::string& executable, const std::vector<std::string>& args,
                                 const std::string& logPath, const Env& env) {
    if (auto err = spawn(executable, args, logPath, env); !err.empty()) {
        return err;
    }
    if (!waitForPort()) {
        return "server did not report its port; log:\n" + log();
    }
    return {};
}

bool ServerProcess::signal(int sig) { return running() && ::kill(m_pid, sig) == 0; }

std::optional<int> ServerProcess::wait(std::chrono::milliseconds timeout) {
    if (m_exitStatus) {
        return m_exitStatus;
    }
    if (!running()) {
        return std::nullopt;
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int status = 0;
        const pid_t r = ::waitpid(m_pid, &status, WNOHANG);
        if (r == m_pid) {
            m_pid = -1;
            m_exitStatus = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            return m_exitStatus;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return std::nullopt;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

void ServerProcess::kill() {
    if (running()) {
        ::kill(m_pid, SIGKILL);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
        m_pid = -1;
        m_exitStatus = 128 + SIGKILL;
    }
}

std::string ServerProcess::log() const {
    std::ifstream in(m_logPath, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> ServerProcess::logLines(std::string_view needle) const {
    std::vector<std::string> lines;
    std::istringstream in(log());
    for (std::string line; std::getline(in, line);) {
        if (line.find(needle) != std::string::npos) {
            lines.push_back(line);
        }
    }
    return lines;
}

} // namespace jejak::testing
