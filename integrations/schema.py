"""OpenAPI descriptions of the API key authentication (loaded by IntegrationsConfig.ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "integrations.auth.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key fck_<prefix>.<secret>`; read keys reach only public data.",
        }


class QueryApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "integrations.auth.QueryParamApiKeyAuthentication"
    name = "ApiKeyQuery"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "query",
            "name": "key",
            "description": "Google-style `key=`; only keys issued here count, others are ignored.",
        }
