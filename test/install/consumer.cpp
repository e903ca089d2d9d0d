//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable.hpp>

#include <fstream>
#include <iostream>
#include <iterator>

// Saves its argument's file and reads it back: exit 0 if it round-trips.
int main(int argc, char** argv)
{
    if(argc != 2)
        return 2;
    durable::write_file(argv[1], "installed\n");
    std::ifstream in(argv[1]);
    std::string const content{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::cout << content;
    return content == "installed\n" ? 0 : 1;
}
