using DsApp.Ingest;
using DsApp.Ingest.Datasets;
using DsApp.Ingest.Samples;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceOpenApi();
builder.AddIngestServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseGatewayOnlyAccess();
app.UseRequestDecoding();
app.MapServiceOpenApi();
app.MapDatasetsApi();
app.MapSamplesApi();

app.Run();
