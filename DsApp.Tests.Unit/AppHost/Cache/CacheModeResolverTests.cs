using DsApp.AppHost.Cache;

namespace DsApp.Tests.Unit.AppHost.Cache;

public class CacheModeResolverTests
{
    private const string RedisServer = "/usr/bin/redis-server";

    [Fact]
    public void Auto_takes_a_container_when_a_runtime_can_run_the_image()
    {
        Assert.Equal(CacheMode.Container, CacheModeResolver.Resolve(CacheMode.Auto, () => true, RedisServer, null));
    }

    [Fact]
    public void Auto_falls_back_to_redis_server_when_no_runtime_can_run_the_image()
    {
        Assert.Equal(CacheMode.Local, CacheModeResolver.Resolve(CacheMode.Auto, () => false, RedisServer, null));
    }

    [Fact]
    public void Auto_with_neither_fails_at_once_saying_what_to_install()
    {
        var error = Assert.Throws<CacheUnavailableException>(() => CacheModeResolver.Resolve(CacheMode.Auto, () => false, null, null));
        Assert.Contains("apt-get install redis-server", error.Message);
    }

    [Fact]
    public void Local_does_not_ask_the_container_runtime()
    {
        var asked = false;
        Assert.Equal(CacheMode.Local, CacheModeResolver.Resolve(CacheMode.Local, () => asked = true, RedisServer, null));
        Assert.False(asked);
    }

    [Fact]
    public void Local_without_redis_server_fails_naming_it()
    {
        var error = Assert.Throws<CacheUnavailableException>(() => CacheModeResolver.Resolve(CacheMode.Local, () => true, null, null));
        Assert.Contains("redis-server", error.Message);
    }

    [Fact]
    public void Container_without_a_usable_runtime_fails()
    {
        Assert.Throws<CacheUnavailableException>(() => CacheModeResolver.Resolve(CacheMode.Container, () => false, RedisServer, null));
    }

    [Fact]
    public void External_needs_the_connection_string_and_names_its_key()
    {
        var error = Assert.Throws<CacheUnavailableException>(() => CacheModeResolver.Resolve(CacheMode.External, () => true, RedisServer, " "));
        Assert.Contains("ConnectionStrings:cache", error.Message);
        Assert.Equal(CacheMode.External, CacheModeResolver.Resolve(CacheMode.External, () => true, null, "redis.example:6379"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Redis_server_is_found_only_where_it_is_an_executable_on_the_path()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        var program = Path.Combine(folder, "redis-server");
        File.WriteAllText(program, "#!/bin/sh\n");
        Assert.Null(ExecutableSearch.FindOnPath("redis-server", folder));
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        Assert.Equal(program, ExecutableSearch.FindOnPath("redis-server", $"/nonexistent:{folder}"));
    }
}
