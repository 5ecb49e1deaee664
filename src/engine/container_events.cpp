#include "engine/container_events.h"

#include "runtime/event_log.h"

namespace berth::engine {

void record_container_event(const EngineContext& context, const ContainerRecord& record,
                            const std::string& action,
                            std::map<std::string, std::string> attributes) {
  attributes["name"] = record.name;
  runtime::record_event(
      context.events_log().string(),
      {"", record.project, record.service, record.name, action, attributes, record.id});
}

}  // namespace berth::engine
