//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include "windows_dacl.hpp"

#include "win32.hpp"

#include <memory>

#include <aclapi.h>
#include <sddl.h>

namespace durable {
namespace detail {

namespace {

using boost::system::error_code;

// What the security functions allocate for their caller.
struct local_freer
{
    void operator()(void* p) const noexcept { ::LocalFree(p); }
};
template<class T>
using local_memory = std::unique_ptr<T, local_freer>;

// A DACL read from its text form, with the descriptor that holds it.
struct parsed_dacl
{
    local_memory<void> descriptor;
    ACL* acl = nullptr;  // null with `present`: no access control at all (SDDL "D:NO_ACCESS_CONTROL")
    bool present = false;
    bool is_protected = false;
};

parsed_dacl parse(std::string const& dacl, error_code& ec)
{
    parsed_dacl result;
    void* descriptor = nullptr;
    if(!::ConvertStringSecurityDescriptorToSecurityDescriptorA(dacl.c_str(), SDDL_REVISION_1, &descriptor, nullptr))
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
    result.present = present != FALSE;
    result.is_protected = (control & SE_DACL_PROTECTED) != 0;
    ec.clear();
    return result;
}

} // namespace

std::string read_dacl(HANDLE file, error_code& ec)
{
    void* descriptor = nullptr;
    DWORD const e = ::GetSecurityInfo(
        file, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, nullptr, nullptr, &descriptor);
    if(e != ERROR_SUCCESS)
    {
        ec.assign(static_cast<int>(e), boost::system::system_category());
        return {};
    }
    local_memory<void> const owned(descriptor);
    char* text = nullptr;
    if(!::ConvertSecurityDescriptorToStringSecurityDescriptorA(
           descriptor, SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &text, nullptr))
    {
        set_last_error(ec);
        return {};
    }
    local_memory<char> const owned_text(text);
    ec.clear();
    return text;
}

void write_dacl(HANDLE file, std::string const& dacl, error_code& ec)
{
    parsed_dacl const parsed = parse(dacl, ec);
    if(ec)
        return;
    SECURITY_INFORMATION const which = DACL_SECURITY_INFORMATION |
        (parsed.is_protected ? PROTECTED_DACL_SECURITY_INFORMATION : UNPROTECTED_DACL_SECURITY_INFORMATION);
    DWORD const e = ::SetSecurityInfo(file, SE_FILE_OBJECT, which, nullptr, nullptr, parsed.acl, nullptr);
    if(e != ERROR_SUCCESS)
        ec.assign(static_cast<int>(e), boost::system::system_category());
}

creation_security::creation_security(attribute_list const& attributes, error_code& ec)
{
    ec.clear();
    for(auto const& attribute : attributes)
    {
        if(attribute.first == dacl_attribute)
            take(attribute.second, ec);
    }
}

// A DACL given at creation is the file's from its first moment: set
// afterwards, it would leave a moment in which the file has the DACL its
// folder gives, and a handle another user opens then stays open, reading
// whatever is written later. Windows adds the entries the folder passes on
// to a DACL given at creation, unless it is protected: an unprotected
// DACL's inherited entries are left out, to come from the folder as they
// came to the target, not twice.
void creation_security::take(std::string const& dacl, error_code& ec)
{
    parsed_dacl const parsed = parse(dacl, ec);
    if(ec || !parsed.present)
        return;
    ACL* acl = nullptr;
    if(parsed.acl)
    {
        ACL_SIZE_INFORMATION size{};
        if(!::GetAclInformation(parsed.acl, &size, sizeof size, AclSizeInformation))
            return set_last_error(ec);
        acl_.assign((size.AclBytesInUse + sizeof(DWORD) - 1) / sizeof(DWORD), 0);
        acl = reinterpret_cast<ACL*>(acl_.data());
        if(!::InitializeAcl(acl, static_cast<DWORD>(acl_.size() * sizeof(DWORD)), parsed.acl->AclRevision))
            return set_last_error(ec);
        for(DWORD i = 0; i < size.AceCount; ++i)
        {
            void* entry = nullptr;
            if(!::GetAce(parsed.acl, i, &entry))
                return set_last_error(ec);
            auto const* header = static_cast<ACE_HEADER const*>(entry);
            if(!parsed.is_protected && (header->AceFlags & INHERITED_ACE))
                continue;
            if(!::AddAce(acl, parsed.acl->AclRevision, MAXDWORD, entry, header->AceSize))
                return set_last_error(ec);
        }
    }
    if(!::InitializeSecurityDescriptor(&descriptor_, SECURITY_DESCRIPTOR_REVISION) ||
        !::SetSecurityDescriptorDacl(&descriptor_, TRUE, acl, FALSE) ||
        (parsed.is_protected && !::SetSecurityDescriptorControl(&descriptor_, SE_DACL_PROTECTED, SE_DACL_PROTECTED)))
        return set_last_error(ec);
    attributes_.nLength = sizeof attributes_;
    attributes_.lpSecurityDescriptor = &descriptor_;
    attributes_.bInheritHandle = FALSE;
    has_dacl_ = true;
}

} // namespace detail
} // namespace durable
