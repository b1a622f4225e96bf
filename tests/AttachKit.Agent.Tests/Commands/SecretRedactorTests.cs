using AttachKit.Redaction;

namespace AttachKit.Agent.Tests.Commands;

public class SecretRedactorTests
{
    private const string Jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

    /// <summary>A name that looks secret hides the whole value.</summary>
    public static TheoryData<string, string> SecretNames => new()
    {
        { "DB_PASSWORD", "hunter2" },
        { "SMTP_PASS", "hunter2" },
        { "SENTRY_DSN", "https://abc123@o0.ingest.sentry.io/42" },
        { "Stripe__ApiKey", "sk_live_1" },
        { "GITHUB_TOKEN", "ghp_1" },
        { "GITHUB_PAT", "github_pat_1" },
        { "AZURE_DEVOPS_PAT", "pat1" },
        { "PAT", "pat1" },
        { "AzureDevOpsPat", "pat1" },
        { "AZURE_SAS_SIG", "abc" },
        { "DOCKER_CREDS", "user:pass" },
        { "ConnectionStrings__Orders", "Server=db;Database=orders" },
        { "CONNECTION_STRING", "Server=db" },
        { "AWS_SECRET_ACCESS_KEY", "abc" },
        { "client.secret", "abc" },
        { "app-passphrase", "abc" },
        { "MYSQL_PWD", "abc" },
        { "GOOGLE_APPLICATION_CREDENTIALS", "/keys/sa.json" },
        { "OAUTH_ISSUER", "https://login.example" },
        { "TLS_PRIVATE_PEM", "-----BEGIN" },
        { "REQUEST_SIGNATURE", "abc" },
        { "HTTP_COOKIE", "sid=abc" },
        { "SESSION_ID", "abc" },
    };

    /// <summary>An ordinary name and a value without a secret in it: shown as they are.</summary>
    public static TheoryData<string, string> OrdinaryVariables => new()
    {
        { "HOME", "/root" },
        { "PATH", "/usr/bin:/bin" },
        { "LD_LIBRARY_PATH", "/opt/lib" },
        { "PWD", "/srv/app" },
        { "OLDPWD", "/srv" },
        { "DOTNET_gcServer", "1" },
        { "ASPNETCORE_URLS", "http://+:5000;https://+:5001" },
        { "SERVICE_URL", "https://user@api.example/v1" },
        { "LANG", "en_US.UTF-8" },
        { "NEXT_PAGE", "https://api.example/items?page=2&sort=name" },
        { "SIGNAL_TIMEOUT", "5s" },
        { "MAP_ASSETS", "/srv/assets" },
        { "PROXY", "http://proxy:3128" },
        { "JAVA_OPTS", "-Xmx1g -Dfile.encoding=UTF-8 -XX:+UseG1GC" },
        { "DOTNET_ARGS", "--urls http://+:80 -p 8080 --environment Production" },
    };

    /// <summary>A value holding a secret at a known place: only the secret goes, the rest stays.</summary>
    public static TheoryData<string, string, string> SecretsInValues => new()
    {
        { "DATABASE_URL", "postgres://app:s3cret@db:5432/orders", "postgres://app:<redacted>@db:5432/orders" },
        { "DATABASE_URL", "postgres://app:p@ss/word@db:5432/x", "postgres://app:<redacted>@db:5432/x" },
        { "DATABASE_URL", "postgres://app:P@ss#1?x@db/orders?sslmode=require", "postgres://app:<redacted>@db/orders?sslmode=require" },
        { "REDIS", "redis://:s3cret@cache:6379", "redis://:<redacted>@cache:6379" },
        { "SMTP_URL", "smtp://ops@example.com:s3cret@smtp.example.com:587", "smtp://ops@example.com:<redacted>@smtp.example.com:587" },
        { "MIRRORS", "https://a:b@one.example https://c:d@two.example", "https://a:<redacted>@one.example https://c:<redacted>@two.example" },
        { "MIRRORS", "https://a:b@one.example,https://c:d@two.example", "https://a:<redacted>@one.example,https://c:<redacted>@two.example" },
        { "BLOB", "https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&se=2030-01-01&sig=abc%3D", "https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&se=2030-01-01&sig=<redacted>" },
        { "S3", "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20250101&X-Amz-Signature=beef", "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=<redacted>&X-Amz-Signature=<redacted>" },
        { "GCS", "https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4-RSA-SHA256&x-goog-signature=beef#top", "https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4-RSA-SHA256&x-goog-signature=<redacted>#top" },
        { "CALLBACK", "https://app.example/cb?code=abc&state=xyz", "https://app.example/cb?code=<redacted>&state=xyz" },
        { "FEED", "https://api.example/v1?api_key=k1&page=2&APIKEY=k2&key=k3", "https://api.example/v1?api_key=<redacted>&page=2&APIKEY=<redacted>&key=<redacted>" },
        { "FEED", "https://api.example/v1?token=t&access_token=a&refresh_token=r&id_token=i", "https://api.example/v1?token=<redacted>&access_token=<redacted>&refresh_token=<redacted>&id_token=<redacted>" },
        { "FEED", "https://api.example/v1?password=p&secret=s&client_secret=c&signature=g", "https://api.example/v1?password=<redacted>&secret=<redacted>&client_secret=<redacted>&signature=<redacted>" },
        { "UPSTREAM", "Authorization: Bearer opaque-token-1", "Authorization: Bearer <redacted>" },
        { "CALLBACK_STATE", $"v1:{Jwt}:end", "v1:<redacted>:end" },
        { "JAVA_OPTS", "-Xmx1g -Djavax.net.ssl.keyStorePassword=changeit -Dfoo=bar", "-Xmx1g -Djavax.net.ssl.keyStorePassword=<redacted> -Dfoo=bar" },
        { "JAVA_TOOL_OPTIONS", "-Dapi.key=k1 -Dsomething.password=\"a b\" -Xss1m", "-Dapi.key=<redacted> -Dsomething.password=<redacted> -Xss1m" },
        { "DOTNET_ARGS", "--urls http://+:80 --db-password=p1 --api-token t1 --password p2 --verbose", "--urls http://+:80 --db-password=<redacted> --api-token <redacted> --password <redacted> --verbose" },
        { "DOTNET_ARGS", "--password\nhunter2 --verbose", "--password\n<redacted> --verbose" },
        { "JAVA_OPTS", "-Dx.token=a\"b c\"d -Dy=1", "-Dx.token=<redacted> -Dy=1" },
        { "SETTINGS", "Host=db;Password=hunter2;Timeout=5", "Host=db;Password=<redacted>;Timeout=5" },
        { "SQL", "Server=db; User Id=app; Pwd = hunter2 ;Encrypt=true", "Server=db; User Id=app; Pwd = <redacted>;Encrypt=true" },
        { "SQL", "Server=db;Password=\"a;b\"\"c\";Database=orders", "Server=db;Password=<redacted>;Database=orders" },
        { "STORAGE", "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=abc==;EndpointSuffix=core.windows.net", "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=<redacted>;EndpointSuffix=core.windows.net" },
        { "BUS", "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKey=abc=", "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKey=<redacted>" },
        { "QUEUE", "BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=sv=2022&sig=abc", "BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=<redacted>" },
        { "REDIS_CONFIG", "cache:6379,password=hunter2,ssl=True", "cache:6379,password=<redacted>" },
        { "CACHE", "redis;token=abc", "redis;token=<redacted>" },
    };

    /// <summary>Command lines, one element per argument, and what is shown of them.</summary>
    public static TheoryData<string[], string[]> CommandLines => new()
    {
        { ["dotnet", "app.dll", "--db-password=hunter2", "--verbose"], ["dotnet", "app.dll", "--db-password=<redacted>", "--verbose"] },
        { ["app", "--x-password=a b c"], ["app", "--x-password=<redacted>"] },
        { ["app", "--password", "hunter2", "--port", "80"], ["app", "--password", "<redacted>", "--port", "80"] },
        { ["app", "--api-token", "--looks-like-an-option"], ["app", "--api-token", "<redacted>"] },
        { ["app", "-storepass", "changeit", "/Jwt:Key", "k1"], ["app", "-storepass", "<redacted>", "/Jwt:Key", "<redacted>"] },
        { ["app", "--sentry-dsn", "https://abc@o0.ingest.sentry.io/1", "--github-pat=ghp"], ["app", "--sentry-dsn", "<redacted>", "--github-pat=<redacted>"] },
        { ["app", "-Djavax.net.ssl.keyStorePassword=changeit", "-Dapi.key=k1", "-Dsig=s", "-Dfoo=bar"], ["app", "-Djavax.net.ssl.keyStorePassword=<redacted>", "-Dapi.key=<redacted>", "-Dsig=<redacted>", "-Dfoo=bar"] },
        { ["app", "ConnectionStrings:Db=Server=db;Password=p"], ["app", "ConnectionStrings:Db=<redacted>"] },
        { ["app", "--db", "postgres://app:p@ss/word@db:5432/x"], ["app", "--db", "postgres://app:<redacted>@db:5432/x"] },
        { ["app", "--callback=https://x.example/cb?code=c1&state=s"], ["app", "--callback=https://x.example/cb?code=<redacted>&state=s"] },
        { ["app", $"--id={Jwt}"], ["app", "--id=<redacted>"] },
        { ["app", "--jvm-options=-Xmx1g -Dsomething.password=p -Dfoo=bar"], ["app", "--jvm-options=-Xmx1g -Dsomething.password=<redacted> -Dfoo=bar"] },
        { ["app", "--settings=Host=db;Pwd=p"], ["app", "--settings=Host=db;Pwd=<redacted>"] },
        { ["app", "--api-key"], ["app", "--api-key"] },
        { ["app", "-p", "8080", "--path", "/srv", "--signal-timeout", "5"], ["app", "-p", "8080", "--path", "/srv", "--signal-timeout", "5"] },
        { ["dotnet", "app.dll", "--urls", "http://+:5000", "--environment", "Production", "password"], ["dotnet", "app.dll", "--urls", "http://+:5000", "--environment", "Production", "password"] },
        { ["app", "/password=p", "password=q", "/Password", "r", "api.key:x=s"], ["app", "/password=<redacted>", "password=<redacted>", "/Password", "<redacted>", "api.key:x=<redacted>"] },
        { ["app", "---password=p", "-9password=q", "--password5"], ["app", "---password=p", "-9password=q", "--password5"] },
        { ["app", "--opts=-password\u00a0p1 -x", "--opts=-token\u2028t1", "-password\u3000p2"], ["app", "--opts=-password\u00a0<redacted> -x", "--opts=-token\u2028<redacted>", "-password\u3000<redacted>"] },
        { ["app", "Authorization: BEARER abc", "/srv/app.dll"], ["app", "Authorization: BEARER <redacted>", "/srv/app.dll"] },
    };

    [Theory]
    [MemberData(nameof(SecretNames))]
    public void AVariableWhoseNameLooksSecretIsHiddenWhole(string name, string value)
        => Assert.Equal((SecretRedactor.Hidden, true), SecretRedactor.Redact(name, value));

    [Theory]
    [MemberData(nameof(OrdinaryVariables))]
    public void OrdinaryVariablesAreShownAsTheyAre(string name, string value)
        => Assert.Equal((value, false), SecretRedactor.Redact(name, value));

    [Theory]
    [MemberData(nameof(SecretsInValues))]
    public void SecretValuesInUrlsConnectionStringsAndOptionStringsAreRedactedButTheRestStaysVisible(string name, string value, string shown)
        => Assert.Equal((shown, true), SecretRedactor.Redact(name, value));

    [Theory]
    [MemberData(nameof(CommandLines))]
    public void ACommandLineKeepsItsOptionsVisibleAndLosesTheirSecretValues(string[] arguments, string[] shown)
        => Assert.Equal(shown, SecretRedactor.RedactCommandLine(arguments));

    /// <summary>Values of 100 KB shaped against each rule (long runs, repeated starts, no end).</summary>
    public static TheoryData<string, string> PathologicalValues
    {
        get
        {
            const int Size = 100_000;
            string Repeat(string piece) => string.Concat(Enumerable.Repeat(piece, Size / piece.Length));
            return new()
            {
                { new string('a', Size), new string('a', Size) },
                { Repeat("eyJ"), Repeat("eyJ") },
                { Repeat("eyJa."), SecretRedactor.Hidden },
                { Repeat("a="), Repeat("a=") },
                { Repeat("a://"), Repeat("a://") },
                { Repeat("x://u:"), Repeat("x://u:") },
                { Repeat("-a "), Repeat("-a ") },
                { Repeat(" a"), Repeat(" a") },
                { "Host=x;password=" + Repeat("a=;"), "Host=x;password=<redacted>" + Repeat("a=;")[2..] },
                { "x://u:" + new string('@', Size), "x://u:<redacted>@" },
                { "-Dkey=\"" + new string('a', Size), "-Dkey=<redacted>" },
                { "bearer" + new string(' ', Size), "bearer" + new string(' ', Size) },
            };
        }
    }

    [Theory]
    [MemberData(nameof(PathologicalValues))]
    public void AHundredKilobyteValueShapedAgainstTheRulesIsRedactedInOnePass(string value, string shown)
    {
        Assert.Equal(shown, SecretRedactor.Redact("VALUE", value).Value);
        Assert.Equal([shown], SecretRedactor.RedactCommandLine([value]));
    }
}
