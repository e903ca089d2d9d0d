//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/error.hpp>

#include <string>

namespace durable {

namespace {

class category final : public boost::system::error_category
{
public:
    char const* name() const noexcept override { return "durable"; }

    std::string message(int ev) const override
    {
        switch(static_cast<error>(ev))
        {
        case error::durability_unknown: return "replaced, durability unknown";
        case error::symlink_refused: return "target is a symbolic link and the policy refuses it";
        case error::not_a_regular_file: return "not a regular file";
        case error::dropped_without_commit: return "dropped without commit or flush";
        case error::not_open: return "file is not open";
        case error::invalid_config: return "invalid configuration";
        case error::newer_config_version: return "configuration written by a newer version";
        case error::unsafe_symlink:
            return "symbolic link in a sticky directory others can write, owned by neither this user "
                   "nor the directory's owner, not followed (the rule of fs.protected_symlinks)";
        case error::unsafe_file:
            return "file in a sticky directory others can write, owned by neither this user "
                   "nor the directory's owner, not written (the rule of fs.protected_regular)";
        case error::file_too_large: return "file is larger than the limit";
        case error::target_changed: return "target changed while it was saved";
        case error::lock_timeout: return "timed out waiting for the file's lock";
        case error::changed_on_disk: return "file changed on disk since it was loaded";
        }
        return "unknown durable error";
    }
};

} // namespace

boost::system::error_category const& durable_category() noexcept
{
    static category const instance;
    return instance;
}

boost::system::error_code make_error_code(error e) noexcept
{
    return {static_cast<int>(e), durable_category()};
}

} // namespace durable
