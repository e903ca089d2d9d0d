# Copyright (c) 2026 The durable authors
# Distributed under the Boost Software License, Version 1.0.

# The durable tool on Windows, run under the build's emulator (Wine): what
# test/cli.sh checks on Linux that Windows does its own way. A file name
# beyond ASCII reaches the file system whole (the arguments are read as
# UTF-16), standard input is copied byte for byte (CR LF stays two bytes),
# and the exit statuses that scripts test are those of Linux.
#
#   cmake -DTOOL=durable.exe -DEMULATOR=wine64 -DWORK=DIR -P tool.cmake

foreach(variable TOOL EMULATOR WORK)
    if(NOT DEFINED ${variable})
        message(FATAL_ERROR "${variable} is not set")
    endif()
endforeach()
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

# Runs the tool with ARGS in WORK (so that names are relative: the tool is
# given them as a Windows program is, whatever WORK's Unix path), with INPUT
# as standard input if given; checks its exit status against STATUS and,
# if given, that its standard error holds ERROR.
function(durable)
    cmake_parse_arguments(run "" "INPUT;STATUS;ERROR" "ARGS" ${ARGN})
    set(input)
    if(DEFINED run_INPUT)
        set(input INPUT_FILE ${run_INPUT})
    endif()
    execute_process(COMMAND ${EMULATOR} ${TOOL} ${run_ARGS}
        WORKING_DIRECTORY ${WORK} ${input}
        RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT status STREQUAL run_STATUS)
        message(FATAL_ERROR "durable ${run_ARGS}: exit status ${status}, not ${run_STATUS}\n${out}${err}")
    endif()
    if(DEFINED run_ERROR)
        string(FIND "${err}" "${run_ERROR}" at)
        if(at EQUAL -1)
            message(FATAL_ERROR "durable ${run_ARGS}: standard error lacks '${run_ERROR}':\n${err}")
        endif()
    endif()
    set(output "${out}" PARENT_SCOPE)
endfunction()

function(expect_file name expected)
    file(READ ${WORK}/${name} content HEX)
    string(HEX "${expected}" expected_hex)
    string(TOLOWER "${expected_hex}" expected_hex)
    if(NOT content STREQUAL expected_hex)
        message(FATAL_ERROR "${name}: holds ${content}, not ${expected_hex}")
    endif()
endfunction()

# write: standard input, byte for byte, to a name beyond ASCII. Ctrl-Z
# (0x1A) ends a text-mode read on Windows, and CR LF becomes LF there; more
# than 64 KiB takes the read loop more than once.
set(name "réglages 設定.json")
set(input_file ${WORK}/../tool-input.bin)
string(ASCII 26 ctrl_z)
string(REPEAT "0123456789abcdef" 8192 filler)
set(raw "${ctrl_z}é\r\n${filler}")
file(WRITE ${input_file} "${raw}")
durable(ARGS write raw.bin INPUT ${input_file} STATUS 0)
expect_file(raw.bin "${raw}")
file(WRITE ${input_file} "{\r\n  \"port\": 8080\r\n}\r\n")
durable(ARGS write ${name} INPUT ${input_file} STATUS 0)
if(NOT EXISTS "${WORK}/${name}")
    file(GLOB made RELATIVE ${WORK} ${WORK}/*)
    message(FATAL_ERROR "write made ${made}, not ${name}")
endif()
expect_file(${name} "{\r\n  \"port\": 8080\r\n}\r\n")
durable(ARGS check ${name} STATUS 0)

# get and set, under the lock file beside the target.
durable(ARGS get ${name} /port STATUS 0)
if(NOT output MATCHES "^8080\r?\n$")
    message(FATAL_ERROR "get printed '${output}'")
endif()
durable(ARGS set ${name} /port 9090 STATUS 0)
durable(ARGS get ${name} /port STATUS 0)
if(NOT output MATCHES "^9090\r?\n$")
    message(FATAL_ERROR "get after set printed '${output}'")
endif()
if(NOT EXISTS "${WORK}/.${name}.lock")
    message(FATAL_ERROR "set took no lock beside the file")
endif()

# What scripts test: 1 for a failure, naming the file; 2 for bad usage.
durable(ARGS get missing.json /port STATUS 1 ERROR "missing.json: read:")
durable(ARGS set ${name} /port "{" STATUS 2 ERROR "Run 'durable set --help'")
file(WRITE ${WORK}/untidy.json "{\"a\":1}")
durable(ARGS fmt --check untidy.json STATUS 1 ERROR "untidy.json: not in the canonical form")
durable(ARGS fmt untidy.json STATUS 0)
expect_file(untidy.json "{\n    \"a\": 1\n}\n")
durable(ARGS fmt --check untidy.json STATUS 0)

# Nothing but the files and the lock file: no temporary file left.
file(GLOB left RELATIVE ${WORK} ${WORK}/* ${WORK}/.*)
list(SORT left)
set(expected ".${name}.lock" ".untidy.json.lock" "raw.bin" "untidy.json" "${name}")
list(SORT expected)
if(NOT left STREQUAL expected)
    message(FATAL_ERROR "left in the directory: ${left}; expected: ${expected}")
endif()

file(REMOVE_RECURSE ${WORK})
file(REMOVE ${input_file})
