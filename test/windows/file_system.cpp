//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#define BOOST_TEST_MODULE windows_file_system
#include "support.hpp"

#include <durable/save_error.hpp>
#include <durable/windows_file_system.hpp>
#include <durable/write_file.hpp>

#include <future>

#include <windows.h>

#include <aclapi.h>
#include <sddl.h>

namespace {

using namespace durable_test;
using namespace std::chrono_literals;

// How a holder holds a file.
enum class hold
{
    reading,  // open without sharing delete, as Notepad, a scanner, a std::ifstream
    deleting, // deleted while open: the name stays until the handle closes
};

// Holds a file open, until destroyed or the time given.
class holder
{
public:
    holder(fs::path const& path, std::chrono::milliseconds longest, hold how = hold::reading)
    {
        std::promise<bool> opened;
        std::future<bool> is_open = opened.get_future();
        thread_ = std::thread([this, path, longest, how, opened = std::move(opened)]() mutable {
            HANDLE const h = how == hold::reading
                ? ::CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                      FILE_ATTRIBUTE_NORMAL, nullptr)
                : ::CreateFileW(path.c_str(), DELETE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                      nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
            FILE_DISPOSITION_INFO deleted{TRUE};
            opened.set_value(h != INVALID_HANDLE_VALUE &&
                (how == hold::reading ||
                    ::SetFileInformationByHandle(h, FileDispositionInfo, &deleted, sizeof deleted)));
            std::unique_lock<std::mutex> lock(mutex_);
            released_.wait_for(lock, longest, [this] { return release_; });
            if(h != INVALID_HANDLE_VALUE)
                ::CloseHandle(h);
        });
        BOOST_REQUIRE(is_open.get());
    }

    holder(holder const&) = delete;
    holder& operator=(holder const&) = delete;

    ~holder()
    {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            release_ = true;
        }
        released_.notify_all();
        thread_.join();
    }

private:
    std::mutex mutex_;
    std::condition_variable released_;
    bool release_ = false;
    std::thread thread_;
};

// The DACL of a file, in the text form Windows gives it (SDDL).
std::string dacl_of(fs::path const& path)
{
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    DWORD const e = ::GetNamedSecurityInfoW(
        path.c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, nullptr, nullptr, &descriptor);
    BOOST_REQUIRE_EQUAL(e, DWORD(ERROR_SUCCESS));
    char* text = nullptr;
    BOOL const converted = ::ConvertSecurityDescriptorToStringSecurityDescriptorA(
        descriptor, SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &text, nullptr);
    std::string const result = converted ? text : "";
    ::LocalFree(text);
    ::LocalFree(descriptor);
    BOOST_REQUIRE(converted);
    return result;
}

// Whether a DACL lets Everyone in, as the DACL the test folders give does.
bool admits_everyone(std::string const& dacl)
{
    return dacl.find(";WD)") != std::string::npos;
}

// A DACL that lets in only the system and the user this test runs as,
// taking nothing from its folder (P: protected).
std::string private_dacl()
{
    HANDLE token = nullptr;
    BOOST_REQUIRE(::OpenProcessToken(::GetCurrentProcess(), TOKEN_QUERY, &token));
    alignas(TOKEN_USER) char user[256];
    DWORD size = 0;
    BOOL const read = ::GetTokenInformation(token, TokenUser, user, sizeof user, &size);
    ::CloseHandle(token);
    BOOST_REQUIRE(read);
    char* sid = nullptr;
    BOOST_REQUIRE(::ConvertSidToStringSidA(reinterpret_cast<TOKEN_USER*>(user)->User.Sid, &sid));
    std::string const result = std::string("D:P(A;;FA;;;SY)(A;;FA;;;") + sid + ")";
    ::LocalFree(sid);
    return result;
}

// Creates a file with `dacl`, as a user who narrows a secret's DACL would.
void put_private_file(fs::path const& path, std::string const& content, std::string const& dacl)
{
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    BOOST_REQUIRE(::ConvertStringSecurityDescriptorToSecurityDescriptorA(
        dacl.c_str(), SDDL_REVISION_1, &descriptor, nullptr));
    SECURITY_ATTRIBUTES security{sizeof security, descriptor, FALSE};
    HANDLE const h =
        ::CreateFileW(path.c_str(), GENERIC_WRITE, 0, &security, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
    ::LocalFree(descriptor);
    BOOST_REQUIRE(h != INVALID_HANDLE_VALUE);
    DWORD written = 0;
    BOOL const wrote = ::WriteFile(h, content.data(), static_cast<DWORD>(content.size()), &written, nullptr);
    ::CloseHandle(h);
    BOOST_REQUIRE(wrote && written == content.size());
}

// The DACL of every temporary file beside `target` before each call of a
// save of it after the creation.
std::vector<std::string> temporary_dacls_while_written(fs::path const& target, durable::write_options options)
{
    durable::test::fault_file_system fault;
    std::vector<std::string> dacls;
    fs::path const dir = target.parent_path();
    using durable::test::fs_call;
    for(fs_call const call : {fs_call::status, fs_call::read_attribute, fs_call::change_mode,
            fs_call::write_attribute, fs_call::write, fs_call::sync_data, fs_call::close, fs_call::rename})
    {
        fault.before_call(call, [&] {
            for(std::string const& name : list_dir(dir))
                if(name.find(".durable-") != std::string::npos)
                    dacls.push_back(dacl_of(dir / name));
        });
    }
    options.fs = &fault;
    durable::write_file(target, "new", options);
    return dacls;
}

BOOST_AUTO_TEST_SUITE(windows_file_system_test)

BOOST_AUTO_TEST_CASE(a_save_waits_for_a_reader_to_close_the_target)
{
    temp_dir dir;
    fs::path const target = dir / "settings.json";
    put_file(target, "old\n");
    holder reader(target, 300ms);
    durable::write_file(target, "new\n");
    BOOST_TEST(read_file(target) == std::optional<std::string>("new\n"));
    BOOST_TEST(list_dir(dir.path()) == std::vector<std::string>{"settings.json"});
}

BOOST_AUTO_TEST_CASE(a_target_kept_in_use_fails_the_save_cleanly)
{
    temp_dir dir;
    fs::path const target = dir / "settings.json";
    put_file(target, "old\n");
    holder reader(target, 10s);
    durable::windows_file_system impatient(100ms);
    durable::write_options options;
    options.fs = &impatient;
    boost::system::error_code ec;
    try
    {
        durable::write_file(target, "new\n", options);
        BOOST_ERROR("the save succeeded while the target was in use");
    }
    catch(durable::save_error const& e)
    {
        BOOST_TEST(e.step() == durable::step::rename);
        ec = e.code();
        // Windows says "being used by another process"; Wine has no text for it.
        BOOST_TEST_MESSAGE(e.what());
    }
    BOOST_TEST(ec == boost::system::error_code(ERROR_SHARING_VIOLATION, boost::system::system_category()));
    BOOST_TEST(read_file(target) == std::optional<std::string>("old\n"));
    BOOST_TEST(list_dir(dir.path()) == std::vector<std::string>{"settings.json"});
}

// Windows refuses a rename onto a directory with the error that a reader
// holding the target may cause, access denied. No wait changes that
// refusal: the rename reports it at once (well within the wait allowed),
// as itself.
BOOST_AUTO_TEST_CASE(a_directory_in_the_way_is_reported_at_once)
{
    temp_dir dir;
    put_file(dir / "temporary", "new\n");
    fs::create_directory(dir / "settings.json");
    durable::windows_file_system patient(20s);
    boost::system::error_code ec;
    durable::native_handle const folder = patient.open_directory(dir.path(), ec);
    BOOST_REQUIRE(!ec);
    auto const start = std::chrono::steady_clock::now();
    patient.rename(folder, "temporary", "settings.json", ec);
    bool const at_once = std::chrono::steady_clock::now() - start < 10s;
    BOOST_TEST(at_once);
    BOOST_TEST(ec == boost::system::error_code(ERROR_ACCESS_DENIED, boost::system::system_category()));
    BOOST_TEST(read_file(dir / "temporary") == std::optional<std::string>("new\n"));
    BOOST_TEST(fs::is_directory(dir / "settings.json"));
    patient.close(folder, ec);
}

// A target that another program has deleted but still holds keeps its
// name until that program closes it, and the rename is denied meanwhile
// (on Windows and under Wine alike). The save waits for the name to go;
// held beyond the wait, it fails as denied, since no program holds the
// target against deletion, with the temporary file removed.
BOOST_AUTO_TEST_CASE(a_target_being_deleted_is_waited_for)
{
    temp_dir dir;
    fs::path const target = dir / "settings.json";
    put_file(target, "old\n");
    {
        holder deleter(target, 300ms, hold::deleting);
        durable::write_file(target, "new\n");
    }
    BOOST_TEST(read_file(target) == std::optional<std::string>("new\n"));
    BOOST_TEST(list_dir(dir.path()) == std::vector<std::string>{"settings.json"});

    durable::windows_file_system impatient(100ms);
    durable::write_options options;
    options.fs = &impatient;
    boost::system::error_code ec;
    {
        holder deleter(target, 10s, hold::deleting);
        durable::write_file(target, "newer\n", options, ec);
    }
    BOOST_TEST(ec == boost::system::error_code(ERROR_ACCESS_DENIED, boost::system::system_category()));
    BOOST_TEST(list_dir(dir.path()).empty());
}

// A name is read as Windows reads it in any program's path: trailing dots
// and spaces dropped. Taken as it is, it would make a file that no other
// program opens by that name, while they read the old one.
BOOST_AUTO_TEST_CASE(a_name_is_read_as_windows_reads_it)
{
    temp_dir dir;
    put_file(dir / "settings.json", "old\n");
    durable::write_file(dir / "settings.json. ", "new\n");
    BOOST_TEST(read_file(dir / "settings.json") == std::optional<std::string>("new\n"));
    BOOST_TEST(list_dir(dir.path()) == std::vector<std::string>{"settings.json"});
}

// A name that Windows reads as no file of the directory is refused: a
// device (CON, NUL, COM1, with or without an extension), "..." (the
// directory itself once its dots are dropped), a stream of a file.
BOOST_AUTO_TEST_CASE(a_name_that_is_no_file_of_the_directory_is_refused)
{
    temp_dir dir;
    put_file(dir / "xy", "file\n");
    for(char const* name : {"CON", "nul.json", "COM1", "...", "xy:stream"})
    {
        BOOST_TEST_CONTEXT(name)
        {
            boost::system::error_code ec;
            durable::write_file(dir / name, "new\n", {}, ec);
            BOOST_TEST(ec == boost::system::error_code(ERROR_INVALID_NAME, boost::system::system_category()));
        }
    }
    BOOST_TEST(read_file(dir / "xy") == std::optional<std::string>("file\n"));
    BOOST_TEST(list_dir(dir.path()) == std::vector<std::string>{"xy"});
}

// "\\server\share\..." is a network path. Made absolute by the standard
// library of MinGW, it became a path on the current drive: a save wrote a
// local file of that name, and reported success. It is Windows's to reach.
BOOST_AUTO_TEST_CASE(a_network_path_is_never_a_local_one)
{
    temp_dir dir;
    std::wstring const server = L"durable-unc-" + dir.path().filename().wstring();
    fs::path const local = fs::current_path().root_path() / server;
    fs::create_directories(local / L"share");
    boost::system::error_code ec;
    durable::write_file(fs::path(L"\\\\" + server + L"\\share\\settings.json"), "new\n", {}, ec);
    BOOST_TEST(ec.failed()); // no such server
    BOOST_TEST(fs::is_empty(local / L"share"));
    fs::remove_all(local);
}

BOOST_AUTO_TEST_CASE(unicode_paths_round_trip)
{
    temp_dir dir;
    fs::path const folder = dir / fs::u8path("r\xc3\xa9glages \xe8\xa8\xad\xe5\xae\x9a");
    fs::create_directory(folder);
    fs::path const target = folder / fs::u8path("\xe9\x85\x8d\xe7\xbd\xae \xe2\x9c\x93.json");
    durable::write_file(target, "{\"utf-8\": true}\n");
    BOOST_TEST(read_file(target) == std::optional<std::string>("{\"utf-8\": true}\n"));
    durable::write_file(target, "{\"again\": true}\n");
    BOOST_TEST(read_file(target) == std::optional<std::string>("{\"again\": true}\n"));
    BOOST_TEST(list_dir(folder).size() == 1u);
}

// A path spelled with "/", "." and "..": the library opens it in its
// "\\?\" form, which Windows takes beyond MAX_PATH but does not normalise,
// so the library normalises it first. (Beyond MAX_PATH itself cannot be
// tested under Wine 8: its GetFinalPathNameByHandleW fails there with
// ERROR_MORE_DATA whatever the buffer, and Wine does not enforce MAX_PATH.)
BOOST_AUTO_TEST_CASE(a_path_spelled_any_way_is_saved)
{
    temp_dir dir;
    fs::create_directory(dir / "conf");
    durable::write_file(fs::path(dir.path().generic_wstring() + L"/./conf/gone/../settings.json"), "spelled");
    BOOST_TEST(read_file(dir / "conf" / "settings.json") == std::optional<std::string>("spelled"));
    BOOST_TEST(list_dir(dir / "conf") == std::vector<std::string>{"settings.json"});
}

BOOST_AUTO_TEST_CASE(a_read_only_target_is_refused_at_once)
{
    temp_dir dir;
    fs::path const target = dir / "locked.json";
    put_file(target, "old\n");
    fs::permissions(target, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
        fs::perm_options::remove);
    boost::system::error_code ec;
    durable::write_file(target, "new\n", {}, ec);
    BOOST_TEST(ec == boost::system::errc::permission_denied);
    BOOST_TEST(read_file(target) == std::optional<std::string>("old\n"));
    BOOST_TEST(list_dir(dir.path()) == std::vector<std::string>{"locked.json"});
    fs::permissions(target, fs::perms::owner_write, fs::perm_options::add);
}

// What is opened as a directory is judged by the handle opened, by either
// form of open_directory: a file is not one.
BOOST_AUTO_TEST_CASE(a_file_is_not_opened_as_a_directory)
{
    temp_dir dir;
    put_file(dir / "file", "x");
    durable::windows_file_system fs;
    boost::system::error_code ec;
    BOOST_TEST(fs.open_directory(dir / "file", ec) == durable::invalid_handle);
    BOOST_TEST(ec == boost::system::errc::not_a_directory);
    durable::native_handle const parent = fs.open_directory(dir.path(), ec);
    BOOST_REQUIRE(!ec);
    BOOST_TEST(fs.open_directory(parent, "file", ec) == durable::invalid_handle);
    BOOST_TEST(ec == boost::system::errc::not_a_directory);
    fs.close(parent, ec);
    BOOST_TEST(!ec);
    // A save through it fails, and leaves the file.
    durable::write_file(dir / "file" / "settings.json", "new\n", {}, ec);
    BOOST_TEST(ec == boost::system::errc::not_a_directory);
    BOOST_TEST(read_file(dir / "file") == std::optional<std::string>("x"));
}

// G8 on Windows: a target whose DACL lets in fewer than its folder would
// (a secret under ProgramData narrowed by hand) keeps that DACL, and the
// new content never has another, from the temporary file's creation on.
// Wine keeps a DACL given to CreateFileW (as Unix permissions), and none
// set afterwards: a DACL set once the file exists leaves this test the
// folder's.
BOOST_AUTO_TEST_CASE(a_private_target_stays_private)
{
    temp_dir dir;
    std::string const dacl = private_dacl();
    put_private_file(dir / "secret.json", "old", dacl);
    std::string const before = dacl_of(dir / "secret.json");
    BOOST_TEST(!admits_everyone(before), before);

    std::vector<std::string> const temporary = temporary_dacls_while_written(dir / "secret.json", {});
    BOOST_TEST(!temporary.empty());
    for(std::string const& seen : temporary)
        BOOST_TEST(seen == before);
    BOOST_TEST(dacl_of(dir / "secret.json") == before);
    BOOST_TEST(read_file(dir / "secret.json") == std::optional<std::string>("new"));

    // The folder lets Everyone in, which the test above must be able to see.
    put_file(dir / "shared.json", "old");
    durable::write_file(dir / "shared.json", "new");
    BOOST_TEST(admits_everyone(dacl_of(dir / "shared.json")));
}

// The backup holds the old content: it keeps the DACL that content had.
BOOST_AUTO_TEST_CASE(a_backup_is_as_private_as_what_it_keeps)
{
    temp_dir dir;
    put_private_file(dir / "secret.json", "old", private_dacl());
    std::string const before = dacl_of(dir / "secret.json");
    put_file(dir / "secret.json.bak", "older");
    durable::write_options options;
    options.keep_backup = true;
    durable::write_file(dir / "secret.json", "new", options);
    BOOST_TEST(read_file(dir / "secret.json.bak") == std::optional<std::string>("old"));
    BOOST_TEST(dacl_of(dir / "secret.json.bak") == before);
    BOOST_TEST(dacl_of(dir / "secret.json") == before);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace
