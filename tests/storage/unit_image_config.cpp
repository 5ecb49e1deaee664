#include <gtest/gtest.h>

#include "storage/image_config.h"
#include "util/error.h"

using namespace berth::storage;

TEST(ImageChange, CmdAndEntrypointInJsonAndShellForm) {
  ContainerDefaults d;
  apply_change(d, R"(CMD ["sh", "-c", "echo hi"])");
  EXPECT_EQ(d.cmd, (std::vector<std::string>{"sh", "-c", "echo hi"}));
  apply_change(d, "ENTRYPOINT /bin/busybox httpd -f");
  EXPECT_EQ(d.entrypoint, (std::vector<std::string>{"/bin/sh", "-c", "/bin/busybox httpd -f"}));
}

TEST(ImageChange, EnvReplacesSameKeyAndAcceptsLegacyForm) {
  ContainerDefaults d;
  apply_change(d, "ENV A=1 B=\"two\"");
  apply_change(d, "env A=3");
  apply_change(d, "ENV GREETING hello world");
  EXPECT_EQ(d.env, (std::vector<std::string>{"B=two", "A=3", "GREETING=hello world"}));
}

TEST(ImageChange, WorkdirUserExposeVolumeLabel) {
  ContainerDefaults d;
  apply_change(d, "WORKDIR /srv");
  apply_change(d, "USER 1000:1000");
  apply_change(d, "EXPOSE 80 53/udp");
  apply_change(d, "VOLUME /data");
  apply_change(d, "LABEL org.example=yes");
  EXPECT_EQ(d.working_dir, "/srv");
  EXPECT_EQ(d.user, "1000:1000");
  EXPECT_EQ(d.exposed_ports, (std::vector<std::string>{"80/tcp", "53/udp"}));
  EXPECT_EQ(d.volumes, (std::vector<std::string>{"/data"}));
  EXPECT_EQ(d.labels.at("org.example"), "yes");
}

TEST(ImageChange, RejectsUnknownInstructionsAndBadValues) {
  ContainerDefaults d;
  EXPECT_THROW(apply_change(d, "RUN make"), berth::Error);
  EXPECT_THROW(apply_change(d, "CMD"), berth::Error);
  EXPECT_THROW(apply_change(d, "CMD [1, 2]"), berth::Error);
  EXPECT_THROW(apply_change(d, "ENV A=1 =2"), berth::Error);
}

TEST(ImageConfig, RoundTripsThroughJson) {
  ImageConfig config;
  config.created = "2026-01-01T00:00:00Z";
  config.diff_ids = {"sha256:" + std::string(64, 'a')};
  apply_change(config.defaults, "CMD [\"sh\"]");
  apply_change(config.defaults, "EXPOSE 8080");
  apply_change(config.defaults, "ENV PATH=/bin");
  auto parsed = parse_image_config(serialize_image_config(config));
  EXPECT_EQ(parsed.defaults, config.defaults);
  EXPECT_EQ(parsed.diff_ids, config.diff_ids);
  EXPECT_EQ(parsed.os, "linux");
  EXPECT_EQ(parsed.created, config.created);
}

TEST(ImageConfig, ReadsDockerStyleConfigWithNulls) {
  auto config = parse_image_config(R"({"architecture":"amd64","os":"linux",
    "config":{"Entrypoint":null,"Cmd":["/bin/sh"],"ExposedPorts":{"5432/tcp":{}},
    "Volumes":{"/var/lib/postgresql/data":{}}},
    "rootfs":{"type":"layers","diff_ids":[]}})");
  EXPECT_TRUE(config.defaults.entrypoint.empty());
  EXPECT_EQ(config.defaults.exposed_ports, (std::vector<std::string>{"5432/tcp"}));
  EXPECT_EQ(config.defaults.volumes, (std::vector<std::string>{"/var/lib/postgresql/data"}));
  EXPECT_THROW(parse_image_config("{}"), berth::Error);
  EXPECT_THROW(parse_image_config("not json"), berth::Error);
}
