//! Mapping and discovery on the fixture devices. Run with
//! `CARGO_TARGET_DIR=/tmp/target-onto cargo bench -p onem2m-ontology`.

use criterion::{Criterion, criterion_group, criterion_main};
use onem2m_ontology::exercises::fixture_descriptors;
use onem2m_ontology::resources::DescriptorContent;
use onem2m_ontology::{
    Alignment, DescriptorFormat, ResourceOptions, discover, fixtures, generate_resources, map_description,
    parse_description, semantic_query,
};
use std::hint::black_box;

fn mapping(c: &mut Criterion) {
    let alignment = Alignment::book_mapping();
    c.bench_function("parse + map smart plug", |b| {
        b.iter(|| {
            let description = parse_description(black_box(fixtures::SMART_PLUG), DescriptorFormat::Turtle);
            map_description(&description, &alignment)
        })
    });
    c.bench_function("parse + map + generate smart plug", |b| {
        b.iter(|| {
            let description = parse_description(black_box(fixtures::SMART_PLUG), DescriptorFormat::Turtle);
            let mapping = map_description(&description, &alignment);
            generate_resources(&description, &mapping, &ResourceOptions::default())
        })
    });
}

fn discovery(c: &mut Criterion) {
    let records = fixture_descriptors(DescriptorContent::Both);
    c.bench_function("discover room 1 temperature (5 descriptors)", |b| {
        b.iter(|| discover(black_box(fixtures::ROOM1_TEMPERATURE_QUERY), &records))
    });
    c.bench_function("semantic query room 1 temperature (5 descriptors merged)", |b| {
        b.iter(|| semantic_query(black_box(fixtures::ROOM1_TEMPERATURE_QUERY), &records))
    });
}

criterion_group!(benches, mapping, discovery);
criterion_main!(benches);
