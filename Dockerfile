# Builds the fixloop binary, then runs it on a small Debian image.
FROM rust:1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY .cargo .cargo
COPY src src
COPY migrations migrations
COPY templates templates
COPY assets assets
RUN cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /var/lib/fixloop fixloop && mkdir -p /var/lib/fixloop && chown fixloop /var/lib/fixloop
COPY --from=build /src/target/release/fixloop /usr/local/bin/fixloop
USER fixloop
ENV FIXLOOP_BIND=0.0.0.0:8080 FIXLOOP_DATA_DIR=/var/lib/fixloop
EXPOSE 8080
VOLUME /var/lib/fixloop
CMD ["fixloop", "serve"]
