import { readFileSync } from 'node:fs'
import { DockerfileParser } from 'dockerfile-ast'
import { validate as lintDockerfile } from 'dockerfile-utils'
import { Deployment } from 'kubernetes-models/apps/v1/Deployment'
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler'
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget'
import { Service } from 'kubernetes-models/v1/Service'
import { describe, expect, it } from 'vitest'
import { enableHealth } from 'wharfjs/observability'
import { TestClient } from 'wharfjs/testing'
import { parseAllDocuments } from 'yaml'
import { app } from '../../examples/deploy/app.ts'
import { parseDuration } from '../../src/cli/duration.ts'

const read = (file: string) => readFileSync(new URL(`../../examples/deploy/${file}`, import.meta.url), 'utf8')

/** The Kubernetes API objects of examples/deploy/kubernetes.yaml, by kind. */
const manifests = parseAllDocuments(read('kubernetes.yaml')).map((document) => document.toJS())
const byKind = (kind: string) => {
  const found = manifests.filter((manifest) => manifest.kind === kind)
  expect(found, kind).toHaveLength(1)
  return found[0]
}
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  Deployment,
  Service,
  PodDisruptionBudget,
  HorizontalPodAutoscaler,
}

/** The value after `--name` in an argument list. */
const option = (args: string[], name: string) => {
  const index = args.indexOf(name)
  return index === -1 ? undefined : args[index + 1]
}

describe('examples/deploy/kubernetes.yaml', () => {
  it('every object is valid against the Kubernetes API schema of its kind', () => {
    expect(manifests.map((manifest) => manifest.kind).sort()).toEqual(Object.keys(MODELS).sort())
    for (const manifest of manifests) {
      const Model = MODELS[manifest.kind]!
      expect(() => new Model(manifest).validate(), manifest.kind).not.toThrow()
    }
  })

  it('a broken manifest does fail the schema check (the check can fail)', () => {
    const broken = structuredClone(byKind('Deployment'))
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'eight thousand'
    expect(() => new Deployment(broken).validate()).toThrow(/containerPort must be integer/)
  })

  const deployment = byKind('Deployment')
  const pod = deployment.spec.template.spec
  const container = pod.containers[0]

  it('the grace period covers --drain-delay, --shutdown-timeout and the app shutdown', () => {
    const args: string[] = [...container.command, ...container.args]
    expect(args.slice(0, 3)).toEqual(['node_modules/.bin/wharf', 'run', 'app.ts'])
    const seconds = (name: string) => parseDuration(name, option(args, name)!) / 1000
    expect(seconds('--drain-delay')).toBeGreaterThan(0)
    // At least 5 s left for app.shutdown() (background tasks, lifespans) after the drain.
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(
      seconds('--drain-delay') + seconds('--shutdown-timeout') + 5,
    )
  })

  it('the probes ask routes the app serves, on the port it listens on', async () => {
    const args: string[] = container.args
    const port = container.ports.find((each: any) => each.name === 'http')
    expect(String(port.containerPort)).toBe(option(args, '--port'))
    // What `wharf run --health` adds to the app.
    expect(args).toContain('--health')
    enableHealth(app)
    const client = new TestClient(app)
    await client.startup()
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      const { path, port: probePort } = container[probe].httpGet
      expect(probePort, probe).toBe('http')
      const answer = await client.get(path)
      expect({ probe, status: answer.status }).toEqual({ probe, status: 200 })
    }
    // Liveness gives up later than readiness: an overloaded pod is taken out of rotation, not killed.
    const give = (probe: string) => container[probe].periodSeconds * container[probe].failureThreshold
    expect(give('livenessProbe')).toBeGreaterThan(give('readinessProbe'))
    expect(container.readinessProbe.httpGet.path).toBe('/readyz')
    expect(container.livenessProbe.httpGet.path).toBe('/livez')
    await client.shutdown()
  })

  it('the Service, the PodDisruptionBudget and the HPA point at the Deployment', () => {
    const labels = deployment.spec.template.metadata.labels
    expect(deployment.spec.selector.matchLabels).toEqual(labels)
    expect(byKind('Service').spec.selector).toEqual(labels)
    expect(byKind('Service').spec.ports[0].targetPort).toBe('http')
    expect(byKind('PodDisruptionBudget').spec.selector.matchLabels).toEqual(labels)
    const hpa = byKind('HorizontalPodAutoscaler')
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    })
    // CPU utilization is a share of the CPU request: without one the HPA cannot scale.
    expect(hpa.spec.metrics[0].resource.name).toBe('cpu')
    expect(container.resources.requests.cpu).toBeDefined()
    // One pod can always be evicted (node drains) without going below the budget.
    expect(hpa.spec.minReplicas).toBeGreaterThan(byKind('PodDisruptionBudget').spec.minAvailable)
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0)
  })
})

describe('examples/deploy/Dockerfile', () => {
  const text = read('Dockerfile')
  const dockerfile = DockerfileParser.parse(text)
  const finalStage = (keyword: string) => {
    const instructions = dockerfile.getInstructions()
    const lastFrom = instructions.map((each) => each.getKeyword()).lastIndexOf('FROM')
    return instructions.slice(lastFrom).filter((each) => each.getKeyword() === keyword)
  }

  it('lints clean (dockerfile-utils, the checks of the VS Code Docker extension)', () => {
    expect(
      lintDockerfile(text).map((problem) => `${problem.range.start.line + 1}: ${problem.message}`),
    ).toEqual([])
  })

  it('multi-stage, on Node 24 slim, runs `wharf run` as a non-root user, in exec form', () => {
    const bases = dockerfile.getFROMs().map((from) => `${from.getImageName()}:${from.getImageTag()}`)
    expect(bases.length).toBeGreaterThanOrEqual(2)
    for (const base of bases) expect(base).toMatch(/^node:24-[a-z]+-slim$/)
    expect(finalStage('USER').map((user) => user.getArgumentsContent())).toEqual(['node'])
    const [cmd] = finalStage('CMD')
    const command: string[] = JSON.parse(cmd!.getArgumentsContent()!) // exec form: Node is PID 1
    expect(command.slice(0, 3)).toEqual(['node_modules/.bin/wharf', 'run', 'app.ts'])
    // The same drain as in Kubernetes, so the grace period computed there holds for the image's default.
    const container = byKind('Deployment').spec.template.spec.containers[0]
    expect(option(command, '--shutdown-timeout')).toBe(option(container.args, '--shutdown-timeout'))
    expect(option(command, '--port')).toBe(option(container.args, '--port'))
  })
})
