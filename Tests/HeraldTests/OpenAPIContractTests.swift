import Foundation
import Herald
import HeraldLogging
import HeraldTesting
import Testing
import TestSupport

/// `GET /v1/openapi.json` (README "API contract"): it describes every route the service registers,
/// it is valid OpenAPI 3.1 to an independent validator, the catalog's own samples are valid send
/// requests under it, and a live service answers Schemathesis' generated requests as it says.
@Suite struct OpenAPIContractTests {
    /// Runs python3 (from PATH, as `.ci/install-deps --test` installs its modules) on `script` with `input`.
    func python(_ script: String, input: String, timeout: TimeInterval = 120) throws -> ChildProcess.Result {
        try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", "-c", script], stdin: Data(input.utf8), timeout: timeout)
    }

    func document(settings: [String: String] = [:]) throws -> (text: String, json: [String: Any]) {
        let herald = try TestHerald.repository(settings: settings)
        defer { herald.stop() }
        let headers = settings["api-token"].map { [("Authorization", "Bearer \($0)")] } ?? []
        let response = try herald.get("/v1/openapi.json", headers: headers)
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json")
        return (response.text, try #require(response.json))
    }

    @Test func everyRegisteredRouteIsInTheDocumentAndNothingElse() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-openapi-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let root = HeraldBinary.repositoryRoot
        let configuration = try HeraldConfiguration.load(environment: [:], flags: [
            "templates": root.appendingPathComponent("Templates").path, "previews-dir": root.appendingPathComponent("Previews").path,
            "previews": "on", "store": "sqlite:" + directory.appendingPathComponent("h.db").path,
            "outbox": directory.appendingPathComponent("outbox.jsonl").path,
        ])
        let service = try HeraldService(configuration: configuration, logger: .silent, listening: .inProcess)
        defer { service.stop() }
        let routes = service.registeredRoutes
        #expect(routes.count >= 12)
        for route in routes {
            #expect(OpenAPIDocument.describes(route.method, route.pattern), "\(route.method.rawValue) \(route.pattern) is not in the contract")
        }

        let paths = try #require(try document(settings: ["previews": "on"]).json["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
        #expect(documented == Set(routes.map { "\($0.method.rawValue) \($0.pattern)" }))
    }

    @Test func previewRoutesAreDescribedOnlyWhenServed() throws {
        let paths = try #require(try document(settings: ["previews": "off"]).json["paths"] as? [String: Any])
        #expect(paths["/v1/messages"] != nil)
        #expect(!paths.keys.contains { $0.hasPrefix("/previews") })
    }

    @Test func theTokenIsRequiredOnTheAPIAndSaidSo() throws {
        let herald = try TestHerald.repository(settings: ["api-token": "s3cret-token-for-the-contract"])
        defer { herald.stop() }
        #expect(try herald.get("/v1/openapi.json").status == 401)
        let document = try document(settings: ["api-token": "s3cret-token-for-the-contract"]).json
        let schemes = (document["components"] as? [String: Any])?["securitySchemes"] as? [String: [String: Any]]
        #expect(schemes?["bearer"]?["scheme"] as? String == "bearer")
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        let send = try #require(paths["/v1/messages"]?["post"])
        #expect((send["security"] as? [[String: Any]])?.first?["bearer"] != nil)
        #expect((send["responses"] as? [String: Any])?["401"] != nil)
        #expect(paths["/healthz"]?["get"]?["security"] == nil)
        #expect(!document.description.contains("s3cret-token-for-the-contract"))
    }

    @Test func oneSchemaPerMessageContextWithTheDecodersFields() throws {
        let document = try document().json
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        let installmentPaid = try #require(schemas["InstallmentPaidContext"])
        #expect(installmentPaid["additionalProperties"] as? Bool == false)
        let required = Set(installmentPaid["required"] as? [String] ?? [])
        #expect(required.isSuperset(of: ["amount", "schedule", "installmentNumber"]))
        let properties = try #require(installmentPaid["properties"] as? [String: [String: Any]])
        #expect(properties["amount"]?["$ref"] as? String == "#/components/schemas/Money")
        let money = try #require(schemas["Money"]?["properties"] as? [String: [String: Any]])
        #expect((money["currency"]?["enum"] as? [String])?.contains("EUR") == true)
        #expect((money["currency"]?["enum"] as? [String])?.contains("XYZ") == false)
        for kind in ["installment-paid", "all-paid", "failed-debit", "upcoming-debit", "check-in", "payment-submitted", "payment-approved", "payment-rejected"] {
            let name = kind.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            #expect(schemas[name + "Context"] != nil, "\(kind)")
            let message = (schemas[name + "SendRequest"]?["properties"] as? [String: [String: Any]])?["message"]
            #expect(message?["const"] as? String == kind)
        }
        let sendRequest = try #require(schemas["SendRequest"])
        #expect((sendRequest["oneOf"] as? [Any])?.count == 8)
        #expect((sendRequest["discriminator"] as? [String: Any])?["propertyName"] as? String == "message")
    }

    @Test func theDocumentIsValidOpenAPI31() throws {
        for settings in [["previews": "on"], ["previews": "off", "api-token": "contract-token-0123456789"]] {
            let text = try document(settings: settings).text
            let result = try python("""
                import json, sys
                from openapi_spec_validator import validate
                from openapi_spec_validator.validation.validators import OpenAPIV31SpecValidator
                validate(json.load(sys.stdin), cls=OpenAPIV31SpecValidator)
                print("valid")
                """, input: text)
            #expect(result.status == 0 && result.stdout.contains("valid"), "\(settings): \(result.stderr.suffix(2_000))")
        }
    }

    /// Every preview sample, sent as a request, is valid under the published schema; a sample with a
    /// field added, removed or of the wrong type is not (so the check can fail).
    @Test func everyPreviewSampleIsAValidSendRequestAndItsMutantsAreNot() throws {
        let text = try document().text
        let previews = HeraldBinary.repositoryRoot.appendingPathComponent("Previews")
        var samples: [[String: Any]] = []
        for kind in try FileManager.default.contentsOfDirectory(atPath: previews.path).sorted() {
            for file in try FileManager.default.contentsOfDirectory(atPath: previews.appendingPathComponent(kind).path).sorted()
            where file.hasSuffix(".json") && !file.hasSuffix(".attachments.json") {
                let folder = previews.appendingPathComponent(kind)
                let context = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(file)))
                var request: [String: Any] = ["message": kind, "to": [["email": "ada@example.com", "name": "Ada"]], "context": context]
                let attachments = folder.appendingPathComponent(String(file.dropLast(".json".count)) + ".attachments.json")
                if FileManager.default.fileExists(atPath: attachments.path) {
                    request["attachments"] = try JSONSerialization.jsonObject(with: Data(contentsOf: attachments))
                }
                samples.append(["name": "\(kind)/\(file)", "request": request])
            }
        }
        #expect(samples.count >= 20)
        let input = String(decoding: try JSONSerialization.data(withJSONObject: ["document": text, "samples": samples]), as: UTF8.self)
        let result = try python("""
            import copy, json, sys
            from jsonschema import Draft202012Validator, FormatChecker
            from referencing import Registry, Resource
            data = json.load(sys.stdin)
            document = json.loads(data["document"])
            registry = Registry().with_resource("urn:herald", Resource.from_contents(document, default_specification=__import__("referencing").jsonschema.DRAFT202012))
            def validator(name):
                return Draft202012Validator({"$ref": "urn:herald#/components/schemas/" + name}, registry=registry, format_checker=FormatChecker())
            send, render = validator("SendRequest"), validator("RenderRequest")
            bad = []
            for sample in data["samples"]:
                request = sample["request"]
                for problem in send.iter_errors(request):
                    bad.append(sample["name"] + ": " + problem.message)
                unaddressed = {k: v for k, v in request.items() if k != "to"}
                if not render.is_valid(unaddressed): bad.append(sample["name"] + ": not a valid render request without to")
                if send.is_valid(unaddressed): bad.append(sample["name"] + ": valid without to")
                extra = copy.deepcopy(request); extra["context"]["notAField"] = "x"
                if send.is_valid(extra): bad.append(sample["name"] + ": an unknown context field is valid")
                first = sorted(request["context"])[0]
                wrong = copy.deepcopy(request); wrong["context"][first] = [True]
                if send.is_valid(wrong): bad.append(sample["name"] + ": " + first + " as a list of booleans is valid")
                mislabelled = copy.deepcopy(request); mislabelled["message"] = "no-such-message"
                if send.is_valid(mislabelled): bad.append(sample["name"] + ": an unknown message is valid")
            print(json.dumps({"checked": len(data["samples"]), "bad": bad}))
            """, input: input)
        #expect(result.status == 0, "\(result.stderr.suffix(2_000))")
        let answer = result.json
        #expect(answer["checked"] as? Int == samples.count)
        #expect((answer["bad"] as? [String]) == [], "\(answer["bad"] ?? result.stdout)")
    }

    /// Schemathesis against a live service on 127.0.0.1 with every check but the two
    /// `.ci/schemathesis.toml` explains: no 5xx, every answer as documented, schema-valid requests
    /// accepted (or a 422 for rules JSON Schema cannot state), schema-invalid ones refused. A fixed
    /// seed and a bounded number of examples per operation keep the run repeatable and short.
    @Test(.timeLimit(.minutes(10))) func schemathesisFindsNothingAgainstALiveService() throws {
        let herald = try TestHerald.repository(.live, settings: ["previews": "on"])
        defer { herald.stop() }
        let base = "http://127.0.0.1:\(try #require(herald.port))"
        let config = HeraldBinary.repositoryRoot.appendingPathComponent(".ci/schemathesis.toml").path
        let result = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            arguments: ["schemathesis", "--config-file", config, "run", base + "/v1/openapi.json", "--url", base,
                        "--max-examples", "25", "--seed", "20261204", "--workers", "1", "--no-color",
                        // Its default is 10 s a request, which a sanitizer build beside the rest of
                        // a loaded suite has passed once (a "network error"). This checks answers,
                        // not speed; a hung request still fails at 60 s.
                        "--request-timeout", "60"],
            directory: herald.directory, timeout: 540)
        #expect(result.status == 0, "\(result.stdout.suffix(6_000))\n\(result.stderr.suffix(2_000))")
        #expect(result.stdout.contains("passed"))
    }
}

extension OpenAPIContractTests {
    /// `herald schema print` writes, without starting a server, the document `serve` serves.
    @Test func schemaPrintIsWhatTheServiceServes() throws {
        for (flags, settings) in [([String](), ["previews": "on"]), (["--previews", "off", "--api-token", "contract-token-0123456789"], ["previews": "off", "api-token": "contract-token-0123456789"])] {
            let printed = try HeraldBinary.run(["schema", "print"] + flags)
            #expect(printed.status == 0, "\(printed.stderr)")
            let served = try document(settings: settings).json
            #expect(NSDictionary(dictionary: printed.json).isEqual(to: served), "\(flags)")
        }
    }
}
