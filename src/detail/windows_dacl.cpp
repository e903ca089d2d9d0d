//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include "windows_dacl.hpp"

#include "win32.hpp"

#include <cstring>
#include <memory>

#include <aclapi.h>
#include <sddl.h>

namespace durable {
namespace detail {

namespace {

using boost::system::error_code;
namespace fs = std::filesystem;

// What the security functions allocate for their caller.
struct local_freer
{
    void operator()(void* p) const noexcept { ::LocalFree(p); }
};
template<class T>
using local_memory = std::unique_ptr<T, local_freer>;

void assign(error_code& ec, DWORD e) noexcept
{
    ec.assign(static_cast<int>(e), boost::system::system_category());
}

// A DACL read from its text form, with the descriptor that holds it. A
// null ACL, or none, is no access control at all (SDDL
// "D:NO_ACCESS_CONTROL"): whatever DACL a file gets lets in no more.
struct parsed_dacl
{
    local_memory<void> descriptor;
    ACL* acl = nullptr;
    bool is_protected = false;
};

// The text is UTF-8, and its wide form is given to the wide functions: an
// entry may name a claim or hold a string in any script (conditional
// entries), which the ANSI functions would turn into question marks.
parsed_dacl parse(std::string const& dacl, error_code& ec)
{
    parsed_dacl result;
    void* descriptor = nullptr;
    if(!::ConvertStringSecurityDescriptorToSecurityDescriptorW(
           fs::u8path(dacl).c_str(), SDDL_REVISION_1, &descriptor, nullptr))
    {
        set_last_error(ec);
        return result;
    }
    result.descriptor.reset(descriptor);
    BOOL present = FALSE;
    BOOL defaulted = FALSE;
    SECURITY_DESCRIPTOR_CONTROL control = 0;
    DWORD revision = 0;
    if(!::GetSecurityDescriptorDacl(descriptor, &present, &result.acl, &defaulted) ||
        !::GetSecurityDescriptorControl(descriptor, &control, &revision))
    {
        set_last_error(ec);
        return result;
    }
    if(!present)
        result.acl = nullptr;
    result.is_protected = (control & SE_DACL_PROTECTED) != 0;
    ec.clear();
    return result;
}

// Which entries of a DACL a copy takes, and how.
enum class entries
{
    own,       // those not inherited, as they are
    all_as_own // all, the inherited ones made the file's own
};

// Copies the entries of `from` into `buffer`, as an ACL.
ACL* copy_entries(ACL* from, entries which, std::vector<DWORD>& buffer, error_code& ec)
{
    ACL_SIZE_INFORMATION size{};
    if(!::GetAclInformation(from, &size, sizeof size, AclSizeInformation))
    {
        set_last_error(ec);
        return nullptr;
    }
    buffer.assign((size.AclBytesInUse + sizeof(DWORD) - 1) / sizeof(DWORD), 0);
    auto* acl = reinterpret_cast<ACL*>(buffer.data());
    if(!::InitializeAcl(acl, static_cast<DWORD>(buffer.size() * sizeof(DWORD)), from->AclRevision))
    {
        set_last_error(ec);
        return nullptr;
    }
    for(DWORD i = 0; i < size.AceCount; ++i)
    {
        void* entry = nullptr;
        if(!::GetAce(from, i, &entry))
        {
            set_last_error(ec);
            return nullptr;
        }
        auto const* header = static_cast<ACE_HEADER const*>(entry);
        bool const inherited = (header->AceFlags & INHERITED_ACE) != 0;
        if(inherited && which == entries::own)
            continue;
        if(!::AddAce(acl, from->AclRevision, MAXDWORD, entry, header->AceSize))
        {
            set_last_error(ec);
            return nullptr;
        }
        void* added = nullptr;
        if(inherited && ::GetAce(acl, acl->AceCount - 1, &added))
            static_cast<ACE_HEADER*>(added)->AceFlags &= ~INHERITED_ACE;
    }
    ec.clear();
    return acl;
}

// Whether two ACLs let in the same, by the same entries in the same order:
// whether an entry is the file's own or came from its folder is no part
// of what it lets in.
bool same_entries(ACL* a, ACL* b) noexcept
{
    if(a->AceCount != b->AceCount)
        return false;
    for(DWORD i = 0; i < a->AceCount; ++i)
    {
        void* x = nullptr;
        void* y = nullptr;
        if(!::GetAce(a, i, &x) || !::GetAce(b, i, &y))
            return false;
        auto const* hx = static_cast<ACE_HEADER const*>(x);
        auto const* hy = static_cast<ACE_HEADER const*>(y);
        if(hx->AceType != hy->AceType || hx->AceSize != hy->AceSize ||
            (hx->AceFlags & ~INHERITED_ACE) != (hy->AceFlags & ~INHERITED_ACE) ||
            std::memcmp(hx + 1, hy + 1, hx->AceSize - sizeof(ACE_HEADER)) != 0)
            return false;
    }
    return true;
}

// The token the system creates files for: the thread's, if it acts for
// another user, else the process's.
scoped_handle effective_token()
{
    HANDLE token = nullptr;
    if(::OpenThreadToken(::GetCurrentThread(), TOKEN_QUERY, TRUE, &token) ||
        ::OpenProcessToken(::GetCurrentProcess(), TOKEN_QUERY, &token))
        return scoped_handle(token);
    return nullptr;
}

// Whether a file created in `folder` with the descriptor `creator` gets
// exactly the entries of `wanted`: Windows's own rules of inheritance
// (CreatePrivateObjectSecurityEx) applied to the folder's DACL, for the
// token that creates the file, which CREATOR OWNER and CREATOR GROUP
// entries stand for. Anything that cannot be known (a folder whose DACL
// may not be read) is a "no".
bool folder_gives_exactly(fs::path const& folder, SECURITY_DESCRIPTOR* creator, ACL* wanted)
{
    HANDLE const h = ::CreateFileW(
        folder.c_str(), READ_CONTROL, share_all, nullptr, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
    if(h == INVALID_HANDLE_VALUE)
        return false;
    scoped_handle const opened(h);
    void* parent = nullptr;
    if(::GetSecurityInfo(h, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, nullptr, nullptr,
           &parent) != ERROR_SUCCESS)
        return false;
    local_memory<void> const owned(parent);
    scoped_handle const token = effective_token();
    if(!token)
        return false;
    GENERIC_MAPPING mapping{FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE, FILE_ALL_ACCESS};
    void* made = nullptr;
    if(!::CreatePrivateObjectSecurityEx(parent, creator, &made, nullptr, FALSE,
           SEF_DACL_AUTO_INHERIT | SEF_AVOID_PRIVILEGE_CHECK | SEF_AVOID_OWNER_CHECK, token.get(), &mapping))
        return false;
    BOOL present = FALSE;
    BOOL defaulted = FALSE;
    ACL* given = nullptr;
    bool const same = ::GetSecurityDescriptorDacl(made, &present, &given, &defaulted) && present && given &&
        same_entries(given, wanted);
    ::DestroyPrivateObjectSecurity(&made);
    return same;
}

} // namespace

std::string read_dacl(HANDLE file, error_code& ec)
{
    void* descriptor = nullptr;
    DWORD const e = ::GetSecurityInfo(
        file, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, nullptr, nullptr, &descriptor);
    if(e != ERROR_SUCCESS)
    {
        assign(ec, e);
        return {};
    }
    local_memory<void> const owned(descriptor);
    wchar_t* text = nullptr;
    if(!::ConvertSecurityDescriptorToStringSecurityDescriptorW(
           descriptor, SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &text, nullptr))
    {
        set_last_error(ec);
        return {};
    }
    local_memory<wchar_t> const owned_text(text);
    ec.clear();
    return fs::path(text).u8string();
}

void write_dacl(HANDLE file, std::string const& dacl, error_code& ec)
{
    parsed_dacl const wanted = parse(dacl, ec);
    if(ec || !wanted.acl)
        return; // no access control: the file's DACL lets in no more
    // A DACL that already lets in what `dacl` does is left as it is: its
    // text may differ (a copy made protected, a flag that marks inheritance
    // done), and changing it takes a right that saving does not.
    std::string const current = read_dacl(file, ec);
    if(ec)
        return;
    parsed_dacl const given = parse(current, ec);
    if(ec)
        return;
    if(given.acl && same_entries(given.acl, wanted.acl))
        return;
    std::vector<DWORD> buffer;
    ACL* const acl = copy_entries(wanted.acl, entries::all_as_own, buffer, ec);
    if(ec)
        return;
    // The handle that wrote the file need not have the right to change its
    // DACL (a share that grants "Change" refuses WRITE_DAC): its owner has
    // it, asked for here alone.
    HANDLE const h = ::ReOpenFile(file, WRITE_DAC, share_all, 0);
    if(h == INVALID_HANDLE_VALUE)
        return set_last_error(ec);
    scoped_handle const reopened(h);
    DWORD const e = ::SetSecurityInfo(
        h, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, nullptr, nullptr, acl,
        nullptr);
    if(e != ERROR_SUCCESS)
        assign(ec, e);
}

creation_security::creation_security(attribute_list const& attributes, fs::path const& folder, error_code& ec)
{
    ec.clear();
    std::string const* dacl = nullptr;
    for(auto const& attribute : attributes)
    {
        if(attribute.first == dacl_attribute)
            dacl = &attribute.second;
    }
    if(!dacl)
        return;
    parsed_dacl const parsed = parse(*dacl, ec);
    if(ec || !parsed.acl)
        return; // no access control: whatever the folder gives lets in no more
    auto const describe = [this, &ec](ACL* acl, SECURITY_DESCRIPTOR_CONTROL control) {
        if(!::InitializeSecurityDescriptor(&descriptor_, SECURITY_DESCRIPTOR_REVISION) ||
            !::SetSecurityDescriptorDacl(&descriptor_, TRUE, acl, FALSE) ||
            !::SetSecurityDescriptorControl(&descriptor_, control, control))
            set_last_error(ec);
    };
    ACL* acl = nullptr;
    if(!parsed.is_protected)
    {
        acl = copy_entries(parsed.acl, entries::own, acl_, ec);
        if(!ec)
            describe(acl, SE_DACL_AUTO_INHERIT_REQ);
        if(ec)
            return;
        if(folder_gives_exactly(folder, &descriptor_, parsed.acl))
        {
            attributes_ = {sizeof attributes_, &descriptor_, FALSE};
            has_dacl_ = true;
            return;
        }
    }
    acl = copy_entries(parsed.acl, entries::all_as_own, acl_, ec);
    if(ec)
        return;
    describe(acl, SE_DACL_PROTECTED);
    if(ec)
        return;
    attributes_ = {sizeof attributes_, &descriptor_, FALSE};
    has_dacl_ = true;
}

} // namespace detail
} // namespace durable
