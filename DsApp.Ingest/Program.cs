using DsApp.Ingest;
using DsApp.Ingest.Datasets;
using DsApp.Ingest.Samples;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIngestServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapDatasetsApi();
app.MapSamplesApi();

app.Run();
