#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/container_stats.h"

// How `berth stats` shows a container's usage: docker's columns, units and JSON keys.
namespace berth::cli {

// The figures of one container as docker prints them ("12.50%", "1.5MiB / 64MiB", ...).
struct StatsFigures {
  std::string id, name, cpu, memory_usage, memory_percent, net_io, block_io, pids;  // id: 12 hex
};
StatsFigures stats_figures(const engine::ContainerSample& sample, double cpu_percent);

std::string stats_table_header();
std::string stats_table_row(const StatsFigures& figures);
nlohmann::json stats_json(const StatsFigures& figures);

}  // namespace berth::cli
