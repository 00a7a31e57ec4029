//! The built-in DSOMM catalogue, compiled into the binary from `catalog/`.

/// (display path, YAML text) of every built-in catalogue file, meta first.
pub const FILES: &[(&str, &str)] = &[
    ("catalog/meta.yaml", include_str!("../../catalog/meta.yaml")),
    ("catalog/build-and-deployment/build.yaml", include_str!("../../catalog/build-and-deployment/build.yaml")),
    ("catalog/build-and-deployment/deployment.yaml", include_str!("../../catalog/build-and-deployment/deployment.yaml")),
    ("catalog/build-and-deployment/patch-management.yaml", include_str!("../../catalog/build-and-deployment/patch-management.yaml")),
    ("catalog/culture-and-organization/design.yaml", include_str!("../../catalog/culture-and-organization/design.yaml")),
    ("catalog/culture-and-organization/education-and-guidance.yaml", include_str!("../../catalog/culture-and-organization/education-and-guidance.yaml")),
    ("catalog/culture-and-organization/process.yaml", include_str!("../../catalog/culture-and-organization/process.yaml")),
    ("catalog/implementation/application-hardening.yaml", include_str!("../../catalog/implementation/application-hardening.yaml")),
    ("catalog/implementation/development-and-source-control.yaml", include_str!("../../catalog/implementation/development-and-source-control.yaml")),
    ("catalog/implementation/infrastructure-hardening.yaml", include_str!("../../catalog/implementation/infrastructure-hardening.yaml")),
    ("catalog/information-gathering/logging.yaml", include_str!("../../catalog/information-gathering/logging.yaml")),
    ("catalog/information-gathering/monitoring.yaml", include_str!("../../catalog/information-gathering/monitoring.yaml")),
    ("catalog/information-gathering/test-kpi.yaml", include_str!("../../catalog/information-gathering/test-kpi.yaml")),
    ("catalog/test-and-verification/application-tests.yaml", include_str!("../../catalog/test-and-verification/application-tests.yaml")),
    ("catalog/test-and-verification/consolidation.yaml", include_str!("../../catalog/test-and-verification/consolidation.yaml")),
    ("catalog/test-and-verification/dynamic-depth-for-applications.yaml", include_str!("../../catalog/test-and-verification/dynamic-depth-for-applications.yaml")),
    ("catalog/test-and-verification/dynamic-depth-for-infrastructure.yaml", include_str!("../../catalog/test-and-verification/dynamic-depth-for-infrastructure.yaml")),
    ("catalog/test-and-verification/static-depth-for-applications.yaml", include_str!("../../catalog/test-and-verification/static-depth-for-applications.yaml")),
    ("catalog/test-and-verification/static-depth-for-infrastructure.yaml", include_str!("../../catalog/test-and-verification/static-depth-for-infrastructure.yaml")),
    ("catalog/test-and-verification/test-intensity.yaml", include_str!("../../catalog/test-and-verification/test-intensity.yaml")),
];
