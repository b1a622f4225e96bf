using AttachKit.Agent.Commands.Runtime;

namespace AttachKit.Agent.Tests.Commands;

public class SecretRedactorTests
{
    [Theory]
    [InlineData("DB_PASSWORD", "hunter2")]
    [InlineData("Stripe__ApiKey", "sk_live_1")]
    [InlineData("GITHUB_TOKEN", "ghp_1")]
    [InlineData("ConnectionStrings__Orders", "Server=db;Database=orders")]
    [InlineData("AWS_SECRET_ACCESS_KEY", "abc")]
    [InlineData("client.secret", "abc")]
    [InlineData("MYSQL_PWD", "abc")]
    [InlineData("GOOGLE_APPLICATION_CREDENTIALS", "/keys/sa.json")]
    [InlineData("SETTINGS", "Host=db;Password=hunter2")]
    [InlineData("CACHE", "redis;token=abc")]
    public void SecretLookingVariablesAreHiddenWhole(string name, string value)
        => Assert.Equal((SecretRedactor.Hidden, true), SecretRedactor.Redact(name, value));

    [Theory]
    [InlineData("DATABASE_URL", "postgres://app:s3cret@db:5432/orders", "postgres://app:<redacted>@db:5432/orders")]
    [InlineData("REDIS", "redis://:s3cret@cache:6379", "redis://:<redacted>@cache:6379")]
    [InlineData("MIRRORS", "https://a:b@one.example https://c:d@two.example", "https://a:<redacted>@one.example https://c:<redacted>@two.example")]
    public void UrlsKeepEverythingButTheirPassword(string name, string value, string shown)
        => Assert.Equal((shown, true), SecretRedactor.Redact(name, value));

    [Theory]
    [InlineData("HOME", "/root")]
    [InlineData("PWD", "/srv/app")]
    [InlineData("OLDPWD", "/srv")]
    [InlineData("PATH", "/usr/bin:/bin")]
    [InlineData("SERVICE_URL", "https://user@api.example/v1")]
    [InlineData("DOTNET_gcServer", "1")]
    public void OrdinaryVariablesAreShownAsTheyAre(string name, string value)
        => Assert.Equal((value, false), SecretRedactor.Redact(name, value));
}
