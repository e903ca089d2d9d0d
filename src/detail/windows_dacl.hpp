//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SRC_DETAIL_WINDOWS_DACL_HPP
#define DURABLE_SRC_DETAIL_WINDOWS_DACL_HPP

// A file's DACL, the list of who may do what with it, which is Windows's
// counterpart of the mode and the access ACL. windows_file_system lists it
// among a file's attributes, in the text form Windows gives it (SDDL,
// "D:P(A;;FA;;;SY)(A;;FA;;;S-1-5-21-...)", as UTF-8), so that the replace
// protocol keeps it as it keeps an ACL on Linux, and gives it to the
// temporary file as the file is created.

#include <durable/file_system.hpp>

#include <boost/system/error_code.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include <windows.h>

namespace durable {
namespace detail {

// The name under which windows_file_system lists a file's DACL. Being a
// security attribute, it is one that a replaced file keeps.
constexpr char const* dacl_attribute = "security.dacl";

// The DACL of an open file (READ_CONTROL), its protection from inheritance
// included: "D:P(...)" for a DACL that takes nothing from its folder.
std::string read_dacl(HANDLE file, boost::system::error_code& ec);

// Gives an open file the entries of a DACL that read_dacl() gave, as its
// own and protected: never the folder's too, which could let in more.
// A file whose DACL lets in the same already is left as it is.
void write_dacl(HANDLE file, std::string const& dacl, boost::system::error_code& ec);

// What CreateFileW needs to create a file in a folder with the DACL among
// `attributes`, if there is one there: nothing (null) otherwise.
//
// A DACL given at creation is the file's from its first moment: set
// afterwards, it would leave a moment in which the file has the DACL its
// folder gives, and a handle another user opens then stays open, reading
// whatever is written later. A protected DACL is given whole. To an
// unprotected one Windows adds what the folder passes on now, which may
// differ from what it passed on to the target (a file moved from another
// folder, a folder changed since): its own entries are given if, with what
// the folder adds, they make exactly the target's entries; else all of
// them, protected, so that the new file lets in no one the target did not.
// A target without access control (a null DACL) gives nothing: whatever
// the folder gives lets in no more.
class creation_security
{
public:
    creation_security(
        attribute_list const& attributes, std::filesystem::path const& folder, boost::system::error_code& ec);

    creation_security(creation_security const&) = delete;
    creation_security& operator=(creation_security const&) = delete;

    SECURITY_ATTRIBUTES* get() noexcept { return has_dacl_ ? &attributes_ : nullptr; }

private:
    bool has_dacl_ = false;
    std::vector<DWORD> acl_; // the ACL given: DWORDs, as an ACL and its entries are aligned
    SECURITY_DESCRIPTOR descriptor_{};
    SECURITY_ATTRIBUTES attributes_{};
};

} // namespace detail
} // namespace durable

#endif
