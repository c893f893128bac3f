import { describe, expect, it } from "@effect/vitest"
import { HighLevelMock, MockFaults, MockWire } from "../src/index.js"
import { call, callJson, decode, searchPath } from "./support.js"

const token = (mock: HighLevelMock.HighLevelMock, form: Record<string, string>, contentType?: string) =>
  callJson(mock, "/oauth/token", {
    method: "POST",
    token: null,
    version: null,
    headers: { "content-type": contentType ?? "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString()
  })

describe("POST /oauth/token", () => {
  it("refresh_token: new access and refresh tokens; the old refresh token stops working", async () => {
    const mock = HighLevelMock.make({ seed: 8 })
    const location = mock.locations[0]
    if (location === undefined) throw new Error("no location")
    const form = {
      client_id: mock.oauth.clientId,
      client_secret: mock.oauth.clientSecret,
      grant_type: "refresh_token",
      refresh_token: location.refreshToken,
      user_type: "Location"
    }
    const first = await token(mock, form)
    expect(first.status).toBe(200)
    const body = decode(MockWire.TokenResponse, first.body)
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 86399, locationId: location.locationId })
    expect(body.refresh_token).not.toBe(location.refreshToken)
    expect(mock.locations[0]?.refreshToken).toBe(body.refresh_token)
    // The new access token reads the location.
    expect((await call(mock, searchPath(location.locationId), { token: body.access_token })).status).toBe(200)
    // The old refresh token is spent.
    const replay = await token(mock, form)
    expect(replay.status).toBe(401)
    expect(replay.body).toMatchObject({ error: "invalid_grant" })
    expect(await token(mock, { ...form, refresh_token: body.refresh_token })).toMatchObject({ status: 200 })
  })

  it("the call → 401 → refresh → retry flow: an expired token, then a refreshed one", async () => {
    const mock = HighLevelMock.make({ seed: 8 })
    const location = mock.locations[0]
    if (location === undefined) throw new Error("no location")
    mock.control.expireToken(mock.credentials.token)
    expect((await call(mock, searchPath(location.locationId))).status).toBe(401)
    const refreshed = decode(
      MockWire.TokenResponse,
      (await token(mock, {
        client_id: mock.oauth.clientId,
        client_secret: mock.oauth.clientSecret,
        grant_type: "refresh_token",
        refresh_token: location.refreshToken
      })).body
    )
    expect((await call(mock, searchPath(location.locationId), { token: refreshed.access_token })).status).toBe(200)
  })

  it("authorization_code: single use", async () => {
    const mock = HighLevelMock.make({ seed: 8 })
    const code = mock.locations[1]?.authorizationCode ?? ""
    const form = {
      client_id: mock.oauth.clientId,
      client_secret: mock.oauth.clientSecret,
      grant_type: "authorization_code",
      code
    }
    const first = await token(mock, form)
    expect(decode(MockWire.TokenResponse, first.body).locationId).toBe(mock.locations[1]?.locationId)
    expect((await token(mock, form)).status).toBe(401)
  })

  it("rejects bad clients, missing parameters, unknown grants and JSON bodies", async () => {
    const mock = HighLevelMock.make({ seed: 8, oauth: { clientId: "id", clientSecret: "secret" } })
    const base = { client_id: "id", client_secret: "secret", grant_type: "refresh_token", refresh_token: "x" }
    expect(await token(mock, { ...base, client_secret: "wrong" })).toMatchObject({
      status: 401,
      body: { error: "invalid_client" }
    })
    expect(await token(mock, { client_id: "id" })).toMatchObject({ status: 400, body: { error: "invalid_request" } })
    expect(await token(mock, { ...base, grant_type: "password" })).toMatchObject({
      status: 400,
      body: { error: "unsupported_grant_type" }
    })
    expect(await token(mock, base, "application/json")).toMatchObject({ status: 400 })
    expect(await token(mock, base)).toMatchObject({ status: 401, body: { error: "invalid_grant" } })
  })

  it("faults target the oauthToken route", async () => {
    const mock = HighLevelMock.make({ seed: 8 })
    mock.control.setFaults([MockFaults.rule("oauthToken", MockFaults.serverError(503), { times: 1 })])
    const form = {
      client_id: mock.oauth.clientId,
      client_secret: mock.oauth.clientSecret,
      grant_type: "refresh_token",
      refresh_token: mock.locations[0]?.refreshToken ?? ""
    }
    expect((await token(mock, form)).status).toBe(503)
    expect((await token(mock, form)).status).toBe(200)
    expect(mock.control.journal().map((e) => [e.route, e.status])).toEqual([["oauthToken", 503], ["oauthToken", 200]])
  })
})
