using DsApp.AppHost;
using DsApp.AppHost.Cache;

var builder = DistributedApplication.CreateBuilder(args);

var cache = builder.AddCache("cache");

var ingest = builder.AddProject<Projects.DsApp_Ingest>("ingest", launchProfileName: null)
    .WithDirectHttpEndpoint()
    .WithReference(cache).WaitFor(cache)
    .WithStorage(builder)
    .WithHttpHealthCheck("/health");

var modelWorker = builder.AddProject<Projects.DsApp_ModelWorker>("modelworker", launchProfileName: null)
    .WithDirectHttpEndpoint()
    .WithReference(cache).WaitFor(cache)
    // Reads datasets from ingest only when a job runs, so it starts alongside it.
    .WithReference(ingest)
    .WithStorage(builder)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.DsApp_Api>("api")
    .WithReference(ingest).WaitFor(ingest)
    .WithReference(modelWorker).WaitFor(modelWorker)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

builder.Build().Run();
