//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_PRINTABLE_HPP
#define DURABLE_PRINTABLE_HPP

#include <durable/detail/export.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <type_traits>

namespace durable {

/** `text` as every message of durable shows it: on one line, with nothing a terminal acts on, every byte recoverable.

    File names, keys and command-line arguments come from outside: a file
    name may hold a newline, which would forge a line of its own in a log,
    or an escape sequence that a terminal obeys. Messages show them
    through this function:

    - a backslash is written `\\`, so that a backslash always begins an escape;
    - a tab, newline and carriage return are `\t`, `\n` and `\r`;
    - the other C0 control characters, DEL, the C1 control characters
      (U+0080 to U+009F) and each byte that is not part of valid UTF-8
      are `\xHH`, one escape per byte, in lowercase hexadecimal;
    - everything else, valid UTF-8 beyond ASCII included, is kept as it is.

    @code
    durable::printable("a\nb.json");        // a\nb.json: a backslash and an n, on one line
    durable::printable("caf\xC3\xA9.json"); // café.json
    durable::printable("\x1b[2J\xFF");      // \x1b[2J\xff
    @endcode

    A path is given as itself, `durable::printable(path)`: its bytes on
    POSIX, its UTF-8 on Windows (whose native paths are UTF-16). On
    Windows its backslashes are kept as they are: there every one is a
    separator, as no name can hold one. Accessors such as
    save_error::path() keep the path as it is; only messages are escaped.
*/
DURABLE_DECL std::string printable(std::string_view text);

namespace detail {

/// The bytes of a path on POSIX; its UTF-8 on Windows, where the native form is UTF-16.
DURABLE_DECL std::string path_text(std::filesystem::path const& path);

/// printable() of path_text(), with the separators of Windows kept as they are.
DURABLE_DECL std::string printable_path(std::filesystem::path const& path);

} // namespace detail

/// `path` as messages show it (see above). A template, so that a string
/// literal still means the overload above.
template<class Path, typename std::enable_if<std::is_same<Path, std::filesystem::path>::value, int>::type = 0>
std::string printable(Path const& path)
{
    return detail::printable_path(path);
}

/// Appends printable(text) to `out`.
DURABLE_DECL void append_printable(std::string& out, std::string_view text);

namespace detail {

/** Appends `line` with the escapes of printable(), except that a backslash is kept as it is.

    For a message whose parts from outside are escaped already (names by
    printable(), values quoted as JSON strings): its backslashes begin
    escapes of their own. Such a line comes out unchanged, and a control
    character that a caller's text (an exception's what()) brought in is
    escaped, so that the line stays one line.
*/
DURABLE_DECL void append_printable_line(std::string& out, std::string_view line);

} // namespace detail

} // namespace durable

#endif
