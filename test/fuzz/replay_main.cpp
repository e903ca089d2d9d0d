//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Runs a fuzz target once on each input, without libFuzzer: so that the
// corpus is a regression test with any compiler. Arguments are files, or
// directories whose files are all inputs; each input is named before it
// runs, so that a failure shows which one it was.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

// The files named, with those of the directories named, each directory's in order of name.
std::vector<fs::path> inputs_of(int argc, char** argv)
{
    std::vector<fs::path> inputs;
    for(int i = 1; i < argc; ++i)
    {
        fs::path const arg = argv[i];
        if(!fs::is_directory(arg))
        {
            inputs.push_back(arg);
            continue;
        }
        std::vector<fs::path> files;
        for(fs::directory_entry const& entry : fs::recursive_directory_iterator(arg))
            if(entry.is_regular_file())
                files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        inputs.insert(inputs.end(), files.begin(), files.end());
    }
    return inputs;
}

void replay(fs::path const& input)
{
    std::ifstream in(input, std::ios::binary);
    if(!in)
        throw std::runtime_error("cannot read " + input.string());
    std::string const bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::cout << input.string() << " (" << bytes.size() << " bytes)" << std::endl;
    LLVMFuzzerTestOneInput(reinterpret_cast<std::uint8_t const*>(bytes.data()), bytes.size());
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<fs::path> const inputs = inputs_of(argc, argv);
    // No input is a mistake of the caller (a wrong path), never a pass.
    if(inputs.empty())
    {
        std::cerr << "usage: " << argv[0] << " FILE-OR-DIRECTORY...: no input found\n";
        return 2;
    }
    for(fs::path const& input : inputs)
        replay(input);
    std::cout << inputs.size() << " inputs replayed\n";
}
