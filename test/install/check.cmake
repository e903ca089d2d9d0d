# Installs the built durable into a fresh prefix, checks what a shared build
# exports, builds test/install against it with find_package(durable CONFIG),
# and runs the two programs.
# Variables: BUILD_DIR, SOURCE_DIR, WORK_DIR, GENERATOR, CXX_FLAGS.

file(REMOVE_RECURSE "${WORK_DIR}")

function(run)
    execute_process(COMMAND ${ARGV} RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "failed (${result}): ${ARGV}")
    endif()
endfunction()

run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${WORK_DIR}/prefix")

# A shared library exports its API and nothing else (detail/export.hpp): no
# strong symbol outside namespace durable. The weak ones are the standard
# library's and Boost's templates instantiated for durable's types, which
# every user's program instantiates as well; the loader merges them.
file(GLOB shared_libraries "${WORK_DIR}/prefix/lib*/libdurable*.so")
foreach(library ${shared_libraries})
    execute_process(COMMAND nm -D -C --defined-only "${library}"
        OUTPUT_VARIABLE symbols RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "nm failed on ${library}")
    endif()
    string(REGEX MATCHALL "[^\n]+" symbols "${symbols}")
    set(foreign "")
    set(exported 0)
    foreach(symbol ${symbols})
        if(NOT symbol MATCHES "^[0-9a-f]+ [TDBR] (.*)$")
            continue()
        endif()
        set(name "${CMAKE_MATCH_1}")
        math(EXPR exported "${exported} + 1")
        if(NOT name MATCHES "^((typeinfo|typeinfo name|vtable|VTT) for )?durable::"
           AND NOT name MATCHES "^_(init|fini|edata|end|_bss_start)$")
            list(APPEND foreign "${name}")
        endif()
    endforeach()
    if(foreign)
        list(JOIN foreign "\n  " foreign)
        message(FATAL_ERROR "${library} exports symbols that are not durable's API:\n  ${foreign}")
    endif()
    message(STATUS "${library}: ${exported} symbols exported, all durable's")
endforeach()
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}" -B "${WORK_DIR}/build" -G "${GENERATOR}"
    "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix" "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run("${WORK_DIR}/build/consumer" "${WORK_DIR}/saved.txt")
run("${WORK_DIR}/build/consumer_test")
file(REMOVE_RECURSE "${WORK_DIR}")
