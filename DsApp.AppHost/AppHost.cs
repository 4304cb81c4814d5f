using DsApp.AppHost;
using DsApp.AppHost.Cache;
using DsApp.AppHost.Dashboard;
using DsApp.AppHost.Publishing;

var builder = DistributedApplication.CreateBuilder(args);

var cache = builder.AddCache("cache");
var adminKey = builder.AddAdminKey();
var internalSecret = builder.AddInternalSecret();

// Replicas:Ingest and Replicas:ModelWorker run more than one process of a service (ServiceReplicas).
var ingest = builder.AddServiceReplicas<Projects.DsApp_Ingest>("ingest", "Ingest", replica => replica
    .WithDirectHttpEndpoint()
    .WithReference(cache).WaitFor(cache)
    .WithStorage(builder)
    .WithTelemetry(builder)
    .WithConfigurationSection(builder.Configuration, "Ingest")
    .WithGatewaySecurity(builder, adminKey, internalSecret)
    .WithHttpHealthCheck("/health"));

var modelWorker = builder.AddServiceReplicas<Projects.DsApp_ModelWorker>("modelworker", "ModelWorker", replica => replica
    .WithDirectHttpEndpoint()
    .WithReference(cache).WaitFor(cache)
    // Reads datasets from ingest only when a job runs, so it starts alongside it.
    .WithReference(ingest)
    .WithStorage(builder)
    .WithTelemetry(builder)
    .WithConfigurationSection(builder.Configuration, "Jobs")
    .WithConfigurationSection(builder.Configuration, "Inference")
    .WithConfigurationSection(builder.Configuration, "Monitoring")
    .WithInlineSockets(builder, "ModelWorker", byDefault: true)
    .WithGatewaySecurity(builder, adminKey, internalSecret)
    .WithHttpHealthCheck("/health"));

builder.AddProject<Projects.DsApp_Api>("api")
    .WithReference(ingest).WaitFor(ingest)
    .WithReference(modelWorker).WaitFor(modelWorker)
    .WithGatewaySecurity(builder, adminKey, internalSecret)
    .WithInlineSockets(builder, "Gateway", byDefault: false)
    .WithExternalHttpEndpoints()
    .WithControlRoomCommands(adminKey)
    .WithTelemetry(builder)
    .WithHttpHealthCheck("/health");

// `--operation publish` writes the Elastic Beanstalk bundle from this same model (docs/deploy.md).
builder.AddElasticBeanstalkPublishing();

builder.Build().Run();
