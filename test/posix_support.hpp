//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_TEST_POSIX_SUPPORT_HPP
#define DURABLE_TEST_POSIX_SUPPORT_HPP


// What the tests of durable share on POSIX systems only: counting
// descriptors, running code in a child process, a reader in another
// process, a service manager's notification socket, and a thread on which
// path lookups fail (seccomp). support.hpp includes it there; on Windows,
// the tests that need it are not built (test/CMakeLists.txt says which).

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

namespace durable_test {

namespace fs = std::filesystem;

// The descriptors this process has open, to prove that nothing leaks.
inline std::vector<std::string> open_descriptors()
{
    std::vector<std::string> fds;
    for(auto const& entry : fs::directory_iterator("/proc/self/fd"))
        fds.push_back(entry.path().filename().string());
    std::sort(fds.begin(), fds.end());
    return fds;
}

// How many threads this process has now.
inline std::size_t threads_of_this_process()
{
    return static_cast<std::size_t>(std::distance(fs::directory_iterator("/proc/self/task"), fs::directory_iterator()));
}

// Whether the test runs as root; if not, says which check is skipped and why.
inline bool running_as_root(char const* skipped_because)
{
    if(::geteuid() == 0)
        return true;
    BOOST_TEST_MESSAGE("skipped: " << skipped_because);
    return false;
}

// Makes the system calls `calls` fail with `error` on the calling thread
// from now on; threads it starts later inherit that, others do not. False
// if this machine cannot. Used to take a call away (ENOSYS: an older
// kernel) or to forbid a kind of call (EPERM).
inline bool fail_calls_on_this_thread(std::vector<long> const& calls, int error)
{
#if defined(__x86_64__)
    constexpr std::uint32_t architecture = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
    constexpr std::uint32_t architecture = AUDIT_ARCH_AARCH64;
#else
    return false;
#endif
    std::vector<sock_filter> program;
    program.push_back(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)));
    // Calls through another ABI are not judged: their numbers differ.
    program.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, architecture, 1, 0));
    program.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    program.push_back(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)));
    for(long call : calls)
    {
        program.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(call), 0, 1));
        program.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | static_cast<std::uint32_t>(error)));
    }
    program.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    sock_fprog const filter{static_cast<unsigned short>(program.size()), program.data()};
    // Without no_new_privs only a privileged thread may install a filter.
    return ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
        ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &filter) == 0;
}

// The calls that name a file by directory and name with Linux 6.13 (glibc
// 2.36 knows no numbers for them): getxattrat, listxattrat.
constexpr long sys_getxattrat = 464;
constexpr long sys_listxattrat = 465;

// Makes every system call that looks a path up, or waits for a disk, fail
// with EPERM on the calling thread from now on: what G6 keeps off the event
// loop. Threads started later by this thread inherit it, others do not, so
// start the blocking executor's threads first. Only a test of a thread that
// runs an event loop should call it; false if this machine cannot.
inline bool forbid_path_lookups_on_this_thread()
{
    return fail_calls_on_this_thread({SYS_openat, SYS_openat2, SYS_newfstatat, SYS_statx, SYS_readlinkat,
        SYS_inotify_add_watch, SYS_renameat2, SYS_unlinkat, SYS_mkdirat, SYS_faccessat, SYS_fsync,
        SYS_fdatasync, sys_getxattrat, sys_listxattrat, SYS_lgetxattr, SYS_llistxattr,
#ifdef SYS_open
        SYS_open, SYS_stat, SYS_lstat, SYS_readlink, SYS_rename, SYS_renameat, SYS_unlink, SYS_mkdir,
        SYS_access,
#endif
    }, EPERM);
}

// Runs `io` until it runs out of work on a thread of its own, on which
// every path lookup and disk wait is forbidden: the event loop of a G6
// test. Start the blocking executor's threads before. False if the filter
// could not be installed (and `io` was not run).
inline bool run_where_no_path_is_looked_up(boost::asio::io_context& io)
{
    bool filtered = false;
    std::thread loop([&] {
        filtered = forbid_path_lookups_on_this_thread();
        if(filtered)
            io.run();
    });
    loop.join();
    return filtered;
}

// A child process running `body`. Boost.Test must not run in the child, so
// the body reports through its exit code.
class child_process
{
public:
    explicit child_process(std::function<int()> const& body)
        : pid_(::fork())
    {
        if(pid_ < 0)
            throw std::runtime_error("fork failed");
        if(pid_ == 0)
        {
            // Boost.Test's own signal handlers would turn an abort into a
            // report of the child: restore the defaults, so that the parent
            // sees it.
            for(int sig = 1; sig < NSIG; ++sig)
                ::signal(sig, SIG_DFL);
            ::_exit(body());
        }
    }

    child_process(child_process const&) = delete;
    child_process& operator=(child_process const&) = delete;

    ~child_process()
    {
        if(!status_)
            wait();
    }

    pid_t pid() const noexcept { return pid_; }

    // Whether it has ended, without waiting.
    bool ended() { return status_ || reap(WNOHANG); }

    // Its exit status (or 128 + the signal that ended it), once it has ended.
    int wait()
    {
        while(!status_)
            reap(0);
        return *status_;
    }

private:
    bool reap(int flags)
    {
        int status = 0;
        pid_t const r = ::waitpid(pid_, &status, flags);
        if(r < 0 && errno != EINTR)
            throw std::runtime_error("waitpid failed");
        if(r != pid_)
            return false;
        status_ = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
        return true;
    }

    pid_t pid_;
    std::optional<int> status_;
};

// Runs `body` in a child process and returns its exit status.
inline int run_in_child(std::function<int()> const& body)
{
    return child_process(body).wait();
}

// A child process that reads a file each time it is asked, and answers
// whether it read what it was told to expect: the other process of the
// seeds' hazard. Spawned once, so that spawning does not dominate.
class reader_process
{
public:
    // `expected(n)` is the content the n-th check must find in `target`.
    reader_process(fs::path target, std::function<std::string(std::uint32_t)> expected)
    {
        int ask[2];
        int answer[2];
        if(::pipe(ask) != 0 || ::pipe(answer) != 0)
            throw std::runtime_error("pipe failed");
        pid_ = ::fork();
        if(pid_ < 0)
            throw std::runtime_error("fork failed");
        if(pid_ == 0)
        {
            // Only its own ends: else it would never see the requests end.
            ::close(ask[1]);
            ::close(answer[0]);
            std::uint32_t n;
            while(::read(ask[0], &n, sizeof n) == sizeof n)
            {
                char const ok = read_file(target) == std::optional<std::string>(expected(n)) ? 1 : 0;
                if(::write(answer[1], &ok, 1) != 1)
                    ::_exit(2);
            }
            ::_exit(0);
        }
        ::close(ask[0]);
        ::close(answer[1]);
        ask_ = ask[1];
        answer_ = answer[0];
    }

    reader_process(reader_process const&) = delete;
    reader_process& operator=(reader_process const&) = delete;

    ~reader_process()
    {
        ::close(ask_);
        ::close(answer_);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }

    // Whether the child read expected(n) when asked now.
    bool check(std::uint32_t n)
    {
        char ok = 0;
        if(::write(ask_, &n, sizeof n) != sizeof n || ::read(answer_, &ok, 1) != 1)
            throw std::runtime_error("the reader process is gone");
        return ok == 1;
    }

private:
    pid_t pid_;
    int ask_;
    int answer_;
};

// A service manager's notification socket, as systemd makes one: bound in
// `dir` (or abstract, named after it), and named by NOTIFY_SOCKET for as
// long as it lives.
class notify_socket
{
public:
    explicit notify_socket(fs::path const& dir, bool abstract = false)
        : fd_(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0))
    {
        std::string const name = abstract ? "@durable-test-" + dir.filename().string() : (dir / "notify").string();
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::memcpy(address.sun_path, name.data(), name.size());
        if(abstract)
            address.sun_path[0] = '\0';
        auto const size = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size());
        if(fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), size) != 0)
            throw std::runtime_error("cannot bind a notification socket");
        timeval const timeout{5, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        ::setenv("NOTIFY_SOCKET", name.c_str(), 1);
    }

    notify_socket(notify_socket const&) = delete;
    notify_socket& operator=(notify_socket const&) = delete;

    ~notify_socket()
    {
        ::unsetenv("NOTIFY_SOCKET");
        ::close(fd_);
    }

    // The next message; empty if none came within 5 s.
    std::string receive()
    {
        char buffer[1024];
        ssize_t const n = ::recv(fd_, buffer, sizeof buffer, 0);
        return std::string(buffer, n < 0 ? 0 : static_cast<std::size_t>(n));
    }

    // Whether a message is waiting.
    bool has_message()
    {
        char c;
        return ::recv(fd_, &c, 1, MSG_PEEK | MSG_DONTWAIT) >= 0;
    }

private:
    int fd_;
};

} // namespace durable_test

#endif
