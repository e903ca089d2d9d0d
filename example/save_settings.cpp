//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Saves a small settings file the durable way, then a larger one in pieces,
// and shows what a failure looks like.
//
//     save_settings DIRECTORY

#include <durable.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv)
{
    if(argc != 2)
    {
        std::cerr << "usage: save_settings DIRECTORY\n";
        return 2;
    }
    std::filesystem::path const dir = argv[1];

    // One call: visible, atomic and durable when it returns.
    durable::write_file(dir / "settings.ini", "[window]\nwidth = 1280\nheight = 800\n");

    // A large file, written as it is produced: only one piece is in memory.
    durable::atomic_file log(dir / "history.txt");
    for(int i = 0; i < 1000; ++i)
        log.write("entry " + std::to_string(i) + "\n");
    log.commit();

    // Failures throw durable::save_error (a boost::system::system_error) that
    // names the path, the step and the cause; the old file is untouched.
    try
    {
        durable::write_file(dir / "no-such-directory" / "settings.ini", "lost?\n");
    }
    catch(durable::save_error const& e)
    {
        std::cout << "failed as expected: " << e.what() << "\n";
    }

    // The error_code form, for code that does not use exceptions.
    boost::system::error_code ec;
    durable::write_file(dir / "settings.ini", "[window]\nwidth = 1920\n", {}, ec);
    if(ec)
    {
        std::cerr << "save failed: " << ec.message() << "\n";
        return 1;
    }
    std::cout << "saved " << (dir / "settings.ini") << " and " << (dir / "history.txt") << "\n";
    return 0;
}
