//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/saver.hpp>

#include "detail/saver_state.hpp"

#include <utility>

namespace durable {

saver::saver(executor_type executor, std::filesystem::path path, saver_options options)
    : state_(std::make_shared<detail::saver_state>(
          std::move(executor), std::move(path), std::move(options)))
{
    state_->attach();
}

std::uint64_t saver::save(std::string bytes)
{
    return state_->save(std::move(bytes));
}

std::uint64_t saver::save_rendered(std::function<std::string()> render)
{
    return state_->save(std::move(render));
}

void saver::flush()
{
    detail::throw_if_failed(state_->flush(), state_->path());
}

void saver::flush(boost::system::error_code& ec)
{
    detail::assign(state_->flush(), ec);
}

void saver::discard()
{
    state_->discard();
}

std::uint64_t saver::durable_generation() const noexcept
{
    return state_->durable_generation();
}

std::uint64_t saver::write_count() const noexcept
{
    return state_->write_count();
}

std::filesystem::path const& saver::path() const noexcept
{
    return state_->path();
}

saver::executor_type saver::get_executor() const noexcept
{
    return state_->executor();
}

void saver::start_flush(std::shared_ptr<detail::saver_state> state, flush_handler handler, bool urgent)
{
    state->async_flush(std::move(handler), urgent);
}

void saver::close(bool debug_build) noexcept
{
    state_->close(debug_build);
}

} // namespace durable
